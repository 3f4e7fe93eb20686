package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The approval resources of the dev template: three functions, the state machine, its rule, grants, SES. */
class ApprovalsTemplateTest {

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

    @Test
    void threeFunctionsFromTheApprovalJarWithTheirEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", Approvals.REQUEST_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "PUBLIC_BASE_URL", "https://dam.example.com",
                        "MAIL_FROM", "noreply@dam.example.com")))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Approvals.REVIEW_HANDLER));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Approvals.OUTCOME_HANDLER));
    }

    @Test
    void theStateMachineLoadsTheAslFileWithBothFunctionsSubstituted() {
        String sm = only("AWS::StepFunctions::StateMachine", "ApprovalsBriefApproval");
        JsonNode props = resources.path(sm).path("Properties");
        assertTrue(props.has("DefinitionS3Location"), "DefinitionBody.fromFile → an S3 asset");
        JsonNode subs = props.path("DefinitionSubstitutions");
        // Both through their live aliases (SnapStart).
        assertEquals(only("AWS::Lambda::Alias", "ApprovalsRequestApprovalFunction"),
                subs.path("RequestApprovalFunctionArn").path("Ref").asText());
        assertEquals(only("AWS::Lambda::Alias", "ApprovalsApplyOutcomeFunction"),
                subs.path("ApplyOutcomeFunctionArn").path("Ref").asText());
        assertTrue(props.path("TracingConfiguration").path("Enabled").asBoolean());
        assertFalse(props.path("LoggingConfiguration").path("IncludeExecutionData").asBoolean(true),
                "execution data (task tokens) stays out of the logs");
        assertEquals("STANDARD", props.path("StateMachineType").asText());
    }

    @Test
    void briefSubmittedOnTheBusStartsItWithTheEventDetail() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("source", List.of("dam.briefs"), "detail-type", List.of("Brief Submitted")),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", only("AWS::StepFunctions::StateMachine", "ApprovalsBriefApproval")),
                        "InputPath", "$.detail",
                        "DeadLetterConfig", Match.anyValue())))));
    }

    @Test
    void onlyTheReviewFunctionMayAnswerTasksAndOnlyOnThisStateMachine() {
        String sm = only("AWS::StepFunctions::StateMachine", "ApprovalsBriefApproval");
        // Asset-review tasks are answered by more functions, on that machine only (ReviewTemplateTest).
        int found = 0;
        for (var it = resources.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                continue;
            }
            for (JsonNode st : e.getValue().path("Properties").path("PolicyDocument").path("Statement")) {
                if (st.path("Action").toString().contains("states:SendTaskSuccess")
                        && !st.path("Resource").toString().contains("-AssetReview")) {
                    found++;
                    assertTrue(e.getKey().startsWith("ApprovalsReviewRole"), e.getKey());
                    assertEquals(sm, st.path("Resource").path("Ref").asText());
                    assertTrue(st.path("Action").toString().contains("states:SendTaskFailure"));
                    assertTrue(st.path("Action").toString().contains("states:SendTaskHeartbeat"));
                }
            }
        }
        assertEquals(1, found);
    }

    @Test
    void sesSendingIsScopedToTheSenderIdentity() {
        template.hasResourceProperties("AWS::SES::EmailIdentity", Map.of("EmailIdentity", "noreply@dam.example.com"));
        String policy = only("AWS::IAM::Policy", "ApprovalsRequestApprovalRoleDefaultPolicy");
        String statements = resources.path(policy).path("Properties").path("PolicyDocument").path("Statement")
                .toString();
        assertTrue(statements.contains("ses:SendEmail"), statements);
        assertTrue(statements.contains(":identity/\",{\"Ref\":\"" + only("AWS::SES::EmailIdentity", "ApprovalsSender")),
                statements);
        assertFalse(statements.contains(only("AWS::StepFunctions::StateMachine", "ApprovalsBriefApproval")),
                "the request function cannot answer brief-approval tasks itself");
    }

    @Test
    void theReviewRoutesArePublic() {
        assertEquals(List.of("GET /review/{nonce}", "POST /review/{nonce}"), Approvals.ROUTES);
        assertTrue(Files.exists(repo.resolve(Approvals.DEFINITION)));
    }
}
