package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The asset-review resources of the dev template: three functions, the state machine with its substitutions, the
 * version-ready and decide-command rules, the review timers' schedule group and role, and who may answer the machine's
 * tasks (exactly the functions that need to, with exactly the actions they use).
 */
class ReviewTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static JsonNode resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        SynthesizedTemplate synthesized = SynthesizedTemplate.fullStack(repo, "brief-intake", "expiry-scan", "approval", "api");
        template = synthesized.template();
        resources = synthesized.resources();
    }

    static String only(String type, String prefix) {
        return SynthesizedTemplate.only(resources, type, prefix);
    }

    private static JsonNode props(String logicalId) {
        return resources.path(logicalId).path("Properties");
    }

    @Test
    void threeFunctionsFromTheApprovalJarWithTheReviewEnvironment() {
        for (String handler : List.of(Review.STEP_HANDLER, Review.TIMER_HANDLER, Review.DECIDE_HANDLER)) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "Runtime", "java21",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "TABLE_NAME", Map.of("Ref", only("AWS::DynamoDB::Table", "DataTable")),
                            "EVENT_BUS_NAME", Map.of("Ref", only("AWS::Events::EventBus", "EventsBus")),
                            "PUBLIC_BASE_URL", "https://dam.example.com",
                            "MAIL_FROM", "noreply@dam.example.com")))));
        }
    }

    @Test
    void theStateMachineLoadsTheAslFileWithTheStepsAndRequestAliasesSubstituted() {
        String sm = only("AWS::StepFunctions::StateMachine", "AssetReview");
        JsonNode p = props(sm);
        assertTrue(p.has("DefinitionS3Location"), "DefinitionBody.fromFile → an S3 asset");
        assertEquals("Dam-AssetReview", p.path("StateMachineName").asText());
        JsonNode subs = p.path("DefinitionSubstitutions");
        assertEquals(only("AWS::Lambda::Alias", "AssetReviewStepsFunction"),
                subs.path("ReviewStepsFunctionArn").path("Ref").asText());
        assertEquals(only("AWS::Lambda::Alias", "ApprovalsRequestApprovalFunction"),
                subs.path("RequestApprovalFunctionArn").path("Ref").asText());
        assertTrue(p.path("TracingConfiguration").path("Enabled").asBoolean());
        assertEquals("ALL", p.path("LoggingConfiguration").path("Level").asText());
        assertFalse(p.path("LoggingConfiguration").path("IncludeExecutionData").asBoolean(true),
                "execution data (task tokens) stays out of the logs");
        assertEquals("STANDARD", p.path("StateMachineType").asText());
        // The machine invokes exactly its two functions, through their aliases.
        String invoke = props(only("AWS::IAM::Policy", "AssetReviewRoleDefaultPolicy"))
                .path("PolicyDocument").path("Statement").toString();
        assertTrue(invoke.contains(only("AWS::Lambda::Alias", "AssetReviewStepsFunction")), invoke);
        assertTrue(invoke.contains(only("AWS::Lambda::Alias", "ApprovalsRequestApprovalFunction")), invoke);
    }

    @Test
    void aReadyVersionOfABriefsAssetStartsTheMachineWithTheEventDetail() {
        String rule = only("AWS::Events::Rule", "AssetReviewVersionReadyRule");
        JsonNode p = props(rule);
        assertEquals(only("AWS::Events::EventBus", "EventsBus"), p.path("EventBusName").path("Ref").asText());
        JsonNode pattern = p.path("EventPattern");
        assertEquals("[\"dam.assets\"]", pattern.path("source").toString());
        assertEquals("[\"Asset Version Ingested\"]", pattern.path("detail-type").toString());
        assertEquals("[\"ready\"]", pattern.path("detail").path("state").toString());
        assertEquals("[{\"exists\":true}]", pattern.path("detail").path("briefId").toString());
        JsonNode target = p.path("Targets").get(0);
        assertEquals(only("AWS::StepFunctions::StateMachine", "AssetReview"), target.path("Arn").path("Ref").asText());
        assertEquals("$.detail", target.path("InputPath").asText());
        assertEquals(4, target.path("RetryPolicy").path("MaximumRetryAttempts").asInt());
        assertTrue(target.path("DeadLetterConfig").path("Arn").toString()
                .contains(only("AWS::SQS::Queue", "AssetReviewStepsDeadLetterQueue")));
    }

    @Test
    void decideCommandsOnTheBusGoToTheCommandFunctionAlias() {
        String rule = only("AWS::Events::Rule", "AssetReviewDecideRule");
        JsonNode p = props(rule);
        assertEquals("[\"Command Decide Review\"]", p.path("EventPattern").path("detail-type").toString());
        JsonNode target = p.path("Targets").get(0);
        assertEquals(only("AWS::Lambda::Alias", "AssetReviewDecideCommandFunction"),
                target.path("Arn").path("Ref").asText());
        assertTrue(target.has("DeadLetterConfig"));
    }

    @Test
    void reviewTimersHaveTheirOwnGroupAndARoleThatInvokesOnlyTheTimerAlias() {
        template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", Review.GROUP_NAME));
        String role = only("AWS::IAM::Role", "AssetReviewSchedulerRole");
        JsonNode trust = props(role).path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals("scheduler.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("AWS::AccountId", trust.path("Condition").path("StringEquals").path("aws:SourceAccount")
                .path("Ref").asText());
        JsonNode statements = props(only("AWS::IAM::Policy", "AssetReviewSchedulerRole")).path("PolicyDocument")
                .path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        assertEquals("lambda:InvokeFunction", statements.get(0).path("Action").asText());
        assertEquals(only("AWS::Lambda::Alias", "AssetReviewTimerFunction"),
                statements.get(0).path("Resource").path("Ref").asText());
    }

    @Test
    void theRequestFunctionSetsTimersInTheReviewGroupOnly() {
        String alias = only("AWS::Lambda::Alias", "AssetReviewTimerFunction");
        JsonNode env = props(only("AWS::Lambda::Function", "ApprovalsRequestApprovalFunction")).path("Environment")
                .path("Variables");
        assertEquals(alias, env.path("REVIEW_TIMER_TARGET_ARN").path("Ref").asText());
        assertEquals(only("AWS::IAM::Role", "AssetReviewSchedulerRole"),
                env.path("SCHEDULER_ROLE_ARN").path("Fn::GetAtt").get(0).asText());
        assertEquals(Review.GROUP_NAME, env.path("SCHEDULE_GROUP").asText());
        JsonNode statements = props(only("AWS::IAM::Policy", "ApprovalsRequestApprovalRoleDefaultPolicy"))
                .path("PolicyDocument").path("Statement");
        JsonNode create = statementWith(statements, "scheduler:CreateSchedule");
        assertEquals("\"scheduler:CreateSchedule\"", create.path("Action").toString(),
                "create only: timers never move");
        assertTrue(create.path("Resource").toString().endsWith(":schedule/dam-reviews/*\"]]}"),
                create.path("Resource").toString());
        JsonNode pass = statementWith(statements, "iam:PassRole");
        assertEquals("scheduler.amazonaws.com", pass.path("Condition").path("StringEquals")
                .path("iam:PassedToService").asText());
    }

    /** Every statement anywhere that allows states:SendTask* on the asset-review machine, by policy → actions. */
    @Test
    void exactlyTheFunctionsThatAnswerReviewTasksMayAndOnlyWithWhatTheyUse() {
        Map<String, String> found = new TreeMap<>();
        resources.fields().forEachRemaining(e -> {
            if (!e.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                return;
            }
            for (JsonNode st : e.getValue().path("Properties").path("PolicyDocument").path("Statement")) {
                if (st.path("Action").toString().contains("states:SendTask")
                        && st.path("Resource").toString().contains(":stateMachine:Dam-AssetReview")) {
                    String prefix = e.getKey().replaceAll("RoleDefaultPolicy.*", "");
                    found.merge(prefix, st.path("Action").toString(), (a, b) -> a + b);
                }
            }
        });
        String all = "[\"states:SendTaskSuccess\",\"states:SendTaskFailure\",\"states:SendTaskHeartbeat\"]";
        assertEquals(Map.of(
                "ApiHandler", "\"states:SendTaskSuccess\"", // console decisions, creator answers (issue 7 API)
                "ApprovalsReview", all,
                "AssetReviewDecideCommand", all,
                "AssetReviewSteps", "\"states:SendTaskSuccess\"",
                "AssetReviewTimer", "\"states:SendTaskHeartbeat\"",
                "ApprovalsRequestApproval", "\"states:SendTaskSuccess\""), found);
    }

    @Test
    void theLinkPageReadsPreviewRenditionsOnlyAndKnowsTheReviewSettings() {
        JsonNode env = props(only("AWS::Lambda::Function", "ApprovalsReviewFunction")).path("Environment")
                .path("Variables");
        assertEquals("https://dam.example.com", env.path("PUBLIC_BASE_URL").asText());
        assertEquals("noreply@dam.example.com", env.path("MAIL_FROM").asText());
        assertEquals(only("AWS::S3::Bucket", "StorageDerivatives"),
                env.path("DERIVATIVES_BUCKET").path("Ref").asText());
        JsonNode read = statementWith(props(only("AWS::IAM::Policy", "ApprovalsReviewRoleDefaultPolicy"))
                .path("PolicyDocument").path("Statement"), "s3:GetObject");
        assertEquals("\"s3:GetObject\"", read.path("Action").toString());
        assertTrue(read.path("Resource").toString().contains("/renditions/*"), read.toString());
    }

    @Test
    void stepsAndTimersMailThroughTheSenderIdentityTheCommandFunctionDoesNot() {
        String identity = only("AWS::SES::EmailIdentity", "ApprovalsSender");
        for (String fn : List.of("AssetReviewSteps", "AssetReviewTimer")) {
            String statements = props(only("AWS::IAM::Policy", fn + "RoleDefaultPolicy")).path("PolicyDocument")
                    .toString();
            assertTrue(statements.contains("ses:SendEmail") && statements.contains(identity), fn + ": " + statements);
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", fn.endsWith("Steps") ? Review.STEP_HANDLER : Review.TIMER_HANDLER,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "SES_CONFIGURATION_SET", Match.anyValue())))));
        }
        String decide = props(only("AWS::IAM::Policy", "AssetReviewDecideCommandRoleDefaultPolicy"))
                .path("PolicyDocument").toString();
        assertFalse(decide.contains("ses:"), decide);
        assertTrue(decide.contains("events:PutEvents"), "Command Rejected: " + decide);
    }

    private static JsonNode statementWith(JsonNode statements, String action) {
        for (JsonNode st : statements) {
            if (st.path("Action").toString().contains("\"" + action + "\"")) {
                return st;
            }
        }
        throw new AssertionError("no statement allows " + action + ": " + statements);
    }
}
