package dam.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dam.asl.Engine;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.ExecutionStore;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.StateFailure;
import dam.asl.TaskHandler;
import dam.asl.TaskRequest;
import dam.asl.TaskTokenException;
import dam.core.approval.LinkState;
import dam.core.approval.TaskCallbacks;
import dam.core.brief.ApprovalState;
import dam.core.brief.Brief;
import dam.core.brief.BriefStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * statemachines/brief-approval.asl.json executed on the local ASL engine, its Lambda tasks served in-process by the
 * real handlers (on in-memory ports): submit → approver mails → GET (nothing changes) → POST → outcome on the brief.
 */
class BriefApprovalStateMachineTest {

    static final String REQUEST_ARN = "arn:aws:lambda:us-east-1:000000000000:function:request-approval";
    static final String APPLY_ARN = "arn:aws:lambda:us-east-1:000000000000:function:apply-outcome";
    static final Path DEFINITION = Path.of("../../statemachines/brief-approval.asl.json");

    final List<String> invoked = new ArrayList<>();
    Engine engine;
    final Fixture f = new Fixture(new EngineCallbacks());

    /** Lambda invoke served by the handlers, shaped like the Step Functions Lambda integration's result. */
    final TaskHandler lambdas = new TaskHandler() {
        @Override
        public boolean supports(String resource) {
            return TaskHandler.baseResource(resource).equals("arn:aws:states:::lambda:invoke");
        }

        @Override
        public CompletionStage<JsonNode> invoke(TaskRequest r) {
            String fn = r.parameters().path("FunctionName").asText();
            JsonNode payload = r.parameters().path("Payload");
            invoked.add(fn.substring(fn.lastIndexOf(':') + 1));
            try {
                Object out = switch (fn) {
                    case REQUEST_ARN -> f.request.handle(payload);
                    case APPLY_ARN -> f.outcome.handle(payload);
                    default -> throw new StateFailure("Lambda.ResourceNotFoundException", fn);
                };
                var result = f.json.createObjectNode();
                result.set("Payload", f.json.valueToTree(out));
                result.put("StatusCode", 200);
                return CompletableFuture.completedFuture(result);
            } catch (StateFailure e) {
                return CompletableFuture.failedFuture(e);
            } catch (RuntimeException e) { // a function error: its type is the error name, as in AWS
                return CompletableFuture.failedFuture(new StateFailure(e.getClass().getName(), e.getMessage()));
            }
        }
    };

    /** SendTaskSuccess/Failure into the engine. */
    final class EngineCallbacks implements TaskCallbacks {
        @Override
        public void succeed(String token, String output) {
            try {
                engine.sendTaskSuccess(token, dam.asl.Json.parse(output));
            } catch (TaskTokenException e) {
                throw new TaskGoneException(e.code(), e);
            }
        }

        @Override
        public void fail(String token, String error, String cause) {
            try {
                engine.sendTaskFailure(token, error, cause);
            } catch (TaskTokenException e) {
                throw new TaskGoneException(e.code(), e);
            }
        }
    }

    BriefApprovalStateMachineTest() {
        engine = new Engine(f.time, lambdas, ObjectStorePort.NONE, ExecutionStore.IN_MEMORY, Runnable::run,
                "us-east-1");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    static String definition() throws IOException {
        return Files.readString(DEFINITION).replace("${RequestApprovalFunctionArn}", REQUEST_ARN)
                .replace("${ApplyOutcomeFunctionArn}", APPLY_ARN);
    }

    /** Starts the machine the way the EventBridge rule does: input = the Brief Submitted event's detail. */
    ExecutionInfo start(Brief submitted) throws IOException {
        JsonNode detail = f.json.valueToTree(f.events.ofType("Brief Submitted").get(0).detail());
        assertEquals(submitted.id(), detail.path("brief").path("id").asText());
        return engine.start(new StartRequest(
                "arn:aws:states:us-east-1:000000000000:execution:brief-approval:" + submitted.id(),
                "arn:aws:states:us-east-1:000000000000:stateMachine:brief-approval",
                "arn:aws:iam::000000000000:role/sfn", definition(), detail));
    }

    ExecutionInfo describe(ExecutionInfo e) {
        return engine.describe(e.executionArn()).orElseThrow();
    }

    @Test
    void theDefinitionIsValidAndEveryPlaceholderIsKnown() throws IOException {
        String raw = Files.readString(DEFINITION);
        assertEquals(List.of("${ApplyOutcomeFunctionArn}", "${RequestApprovalFunctionArn}"),
                java.util.regex.Pattern.compile("\\$\\{\\w+}").matcher(raw).results().map(m -> m.group())
                        .distinct().sorted().toList());
        engine.parse(definition()); // throws DefinitionException when invalid
    }

    @Test
    void everyApproverApprovingThroughTheLinksApprovesTheBrief() throws IOException {
        Brief b = f.submittedBrief();
        ExecutionInfo exec = start(b);

        assertEquals(2, f.mailer.sent().size(), "one mail per named approver");
        String dana = f.nonceFor("dana@acme.example");
        String fin = f.nonceFor("fin@acme.example");

        // A scanner (or the reviewer) opening the link changes nothing.
        JsonNode page = f.get(dana);
        assertEquals(200, page.get("statusCode").asInt());
        f.get(dana);
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status());
        assertTrue(f.links.all().stream().allMatch(l -> l.state() == LinkState.PENDING));

        assertEquals(200, f.post(dana, "decision=approve&csrf=" + Fixture.csrfOf(page)).get("statusCode").asInt());
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "still waiting for the budget approver");
        assertEquals(200, f.post(fin, "decision=approve&comment=ok&csrf=" + Fixture.csrfOf(f.get(fin)))
                .get("statusCode").asInt());

        ExecutionInfo done = describe(exec);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals("approved", done.output().path("status").asText());
        Brief now = f.briefs.get(b.id());
        assertEquals(BriefStatus.APPROVED, now.status());
        assertEquals(ApprovalState.APPROVED, now.budget().approval());
        assertEquals(1, f.events.ofType("Brief Approved").size());
        assertEquals(List.of("request-approval", "request-approval", "apply-outcome"), invoked);

        assertEquals(409, f.post(dana, "decision=reject&comment=x&csrf=" + Fixture.csrfOf(page))
                .get("statusCode").asInt(), "a replayed POST is refused");
        assertEquals(BriefStatus.APPROVED, f.briefs.get(b.id()).status());
    }

    @Test
    void oneApproverRequestingChangesSendsTheBriefBackToDraftWithTheComment() throws IOException {
        Brief b = f.submittedBrief();
        ExecutionInfo exec = start(b);
        String dana = f.nonceFor("dana@acme.example");
        String fin = f.nonceFor("fin@acme.example");

        f.post(dana, "decision=approve&csrf=" + Fixture.csrfOf(f.get(dana)));
        f.post(fin, "decision=changes&comment=Cut+the+shoot+to+700&csrf=" + Fixture.csrfOf(f.get(fin)));

        assertEquals(ExecutionStatus.SUCCEEDED, describe(exec).status());
        Brief now = f.briefs.get(b.id());
        assertEquals(BriefStatus.DRAFT, now.status());
        assertEquals(ApprovalState.NOT_SUBMITTED, now.budget().approval());
        assertTrue(f.events.ofType("Brief Approved").isEmpty());
        assertEquals(List.of("[budget changes] Cut the shoot to 700"),
                f.comments.list(b.id(), "alice").stream().map(c -> c.body()).toList());
        assertEquals(List.of("brief:dana@acme.example=approve", "budget:fin@acme.example=changes"),
                f.json.convertValue(describe(exec).output().path("votes"), List.class).stream().sorted().toList());
    }

    @Test
    void noDecisionInTimeIsReportedAndTheBriefGoesBackToDraft() throws IOException {
        Brief b = f.submittedBrief();
        ExecutionInfo exec = start(b);
        String dana = f.nonceFor("dana@acme.example");
        String csrf = Fixture.csrfOf(f.get(dana));

        f.time.advance(Duration.ofDays(7).plusHours(2)); // past the link expiry and the task heartbeat

        ExecutionInfo done = describe(exec);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals("draft", done.output().path("status").asText());
        assertEquals(List.of("brief:dana@acme.example=none", "budget:fin@acme.example=none"),
                f.json.convertValue(done.output().path("votes"), List.class).stream().sorted().toList());
        assertEquals(BriefStatus.DRAFT, f.briefs.get(b.id()).status());
        assertEquals(410, f.post(dana, "decision=approve&csrf=" + csrf).get("statusCode").asInt());
        assertFalse(f.links.all().stream().anyMatch(l -> l.state() == LinkState.DECIDED));
    }
}
