package dam.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search capability on a stack of its own (table, bus, API, search): the indexer on the table stream with
 * filters, bisect, retries, batch item failures and its DLQ as on-failure destination; least-privilege grants;
 * GET /search on the API function behind the JWT; no unsuppressed cdk-nag findings.
 */
class SearchTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static JsonNode resources;
    static List<String> nagFindings;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "api", "search-index");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        Stack stack = new Stack(app, "SearchOnly");
        Stage stage = Stage.fromContext(null);
        Data data = new Data(stack, "Data", stage);
        Events events = new Events(stack, "Events");
        Api api = new Api(stack, "Api", stage, artifacts, data, events);
        new Search(stack, "Search", stage, artifacts, data, api);
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
    void indexerReadsTheStreamInFilteredBatchesWithBisectRetriesAndADlq() {
        String dlq = only("AWS::SQS::Queue", "SearchIndexerDeadLetterQueue");
        String alias = only("AWS::Lambda::Alias", "SearchIndexer");
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(only("AWS::DynamoDB::Table", "Data"), "StreamArn")),
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", Search.BATCH_SIZE,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", Search.RETRY_ATTEMPTS,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(dlq, "Arn")))),
                "FilterCriteria", Map.of("Filters", List.of(
                        Map.of("Pattern", "{\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":[{\"prefix\":\"ASSET#\"}]}}}}"),
                        Map.of("Pattern", Match.stringLikeRegexp(".*PK.*COLLECTION#.*SK.*ITEM#.*"))))));
        String mapping = resources.path(only("AWS::Lambda::EventSourceMapping", "SearchIndexer")).toString();
        assertTrue(mapping.contains(alias) && mapping.contains(":live"), "invokes the live alias: " + mapping);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Search.HANDLER,
                "Environment", Map.of("Variables", Map.of("TABLE_NAME", Map.of("Ref",
                        only("AWS::DynamoDB::Table", "Data")))),
                "Timeout", 60));
    }

    @Test
    void indexerMayReadTheStreamAndTheTableAndSendFailuresToItsDlqOnly() {
        String policy = only("AWS::IAM::Policy", "SearchIndexerRoleDefaultPolicy");
        String statements = resources.path(policy).path("Properties").path("PolicyDocument").path("Statement")
                .toString();
        for (String action : List.of("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:PutItem",
                "dynamodb:Query", "sqs:SendMessage")) {
            assertTrue(statements.contains(action), action + " in " + statements);
        }
        for (String never : List.of("dynamodb:*", "s3:", "events:")) {
            assertFalse(statements.contains(never), never + " in " + statements);
        }
    }

    @Test
    void searchRouteIsOnTheApiFunctionBehindTheJwt() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                "RouteKey", Search.ROUTE,
                "AuthorizationType", "JWT"));
    }

    @Test
    void noUnsuppressedNagFindings() {
        assertEquals(List.of(), nagFindings);
    }
}
