package dam.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analytics on a stack of its own (table, bus, API, analytics): the aggregator on the table stream, filtered to the
 * records it counts, with bisect, retries, batch item failures and its DLQ; least privilege; GET /reports/{name}
 * behind the JWT; no unsuppressed cdk-nag findings.
 */
class AnalyticsTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static JsonNode resources;
    static List<String> nagFindings;

    @BeforeAll
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "api", "analytics");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        Stack stack = new Stack(app, "AnalyticsOnly");
        Stage stage = Stage.fromContext(null);
        Data data = new Data(stack, "Data", stage);
        Events events = new Events(stack, "Events");
        Api api = new Api(stack, "Api", stage, artifacts, data, events);
        new Analytics(stack, "Analytics", stage, artifacts, data, api);
        Nag.suppressCdkInternals(stack);
        nagFindings = CdkNagTest.awsSolutionsFindings(app, stack);
        SynthesizedTemplate synthesized = SynthesizedTemplate.of(app, stack);
        template = synthesized.template();
        resources = synthesized.resources();
    }

    static String only(String type, String prefix) {
        return SynthesizedTemplate.only(resources, type, prefix);
    }

    @Test
    void aggregatorReadsTheStreamFilteredToWhatItCountsWithBisectRetriesAndADlq() {
        String dlq = only("AWS::SQS::Queue", "AnalyticsAggregatorDeadLetterQueue");
        String alias = only("AWS::Lambda::Alias", "AnalyticsAggregator");
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(only("AWS::DynamoDB::Table", "Data"), "StreamArn")),
                "BatchSize", Analytics.BATCH_SIZE,
                "MaximumBatchingWindowInSeconds", 1,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", Analytics.RETRY_ATTEMPTS,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(dlq, "Arn")))),
                "FilterCriteria", Map.of("Filters", List.of(
                        Map.of("Pattern", "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":"
                                + "[{\"prefix\":\"USE#\"}]}}}}"),
                        Map.of("Pattern", "{\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":[{\"prefix\":\"ASSET#\"}]}}}}"),
                        Map.of("Pattern", "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":"
                                + "[{\"prefix\":\"LINK#\"}]}}}}"),
                        Map.of("Pattern", "{\"eventName\":[\"MODIFY\"],\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":"
                                + "[{\"prefix\":\"BRIEF#\"}]},\"SK\":{\"S\":[\"META\"]}}}}")))));
        String mapping = resources.path(only("AWS::Lambda::EventSourceMapping", "AnalyticsAggregator")).toString();
        assertTrue(mapping.contains(alias) && mapping.contains(":live"), "invokes the live alias: " + mapping);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Analytics.HANDLER,
                "Environment", Map.of("Variables", Map.of("TABLE_NAME", Map.of("Ref",
                        only("AWS::DynamoDB::Table", "Data"))))));
    }

    @Test
    void aggregatorMayReadTheStreamAndTheTableOnly() {
        String statements = resources.path(only("AWS::IAM::Policy", "AnalyticsAggregatorRoleDefaultPolicy"))
                .path("Properties").path("PolicyDocument").path("Statement").toString();
        // Transactions are authorised per item action (PutItem, UpdateItem): IAM has no TransactWriteItems action.
        for (String action : List.of("dynamodb:GetRecords", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:Query", "sqs:SendMessage")) {
            assertTrue(statements.contains(action), action + " in " + statements);
        }
        for (String never : List.of("dynamodb:*", "s3:", "events:")) {
            assertFalse(statements.contains(never), never + " in " + statements);
        }
    }

    @Test
    void reportsRouteIsOnTheApiFunctionBehindTheJwt() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", Analytics.ROUTE,
                "AuthorizationType", "JWT"));
    }

    @Test
    void noUnsuppressedNagFindings() {
        assertEquals(List.of(), nagFindings);
    }
}
