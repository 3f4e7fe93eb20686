package dam.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Approvals through scanner-proof email links (ARCHITECTURE §5) and the brief-approval workflow (issue 5):
 * <ul>
 *   <li>{@code RequestApproval} — invoked by the state machines with a task token: issues a link, mails it (SES);</li>
 *   <li>{@code Review} — the public {@code GET/POST /review/{nonce}} pages ({@link #ROUTES}, no authorizer): decides
 *       exactly once and answers the task (states:SendTask* on the approval state machines only);</li>
 *   <li>{@code ApplyOutcome} — applies a finished round to the brief;</li>
 *   <li>the {@code brief-approval} state machine, started by {@code Brief Submitted} on the bus with the event's
 *       detail as input.</li>
 * </ul>
 * One jar ({@code functions/approval}), one function per handler: each gets only the grants it uses.
 */
public final class Approvals extends Construct {

    public static final String REQUEST_HANDLER = "dam.approval.RequestApprovalHandler::handleRequest";
    public static final String REVIEW_HANDLER = "dam.approval.ReviewLinkHandler::handleRequest";
    public static final String OUTCOME_HANDLER = "dam.approval.ApplyBriefOutcomeHandler::handleRequest";
    public static final String DEFINITION = "statemachines/brief-approval.asl.json";
    /** Public routes of the review pages (API Gateway HTTP API, no authorizer: the nonce is the credential). */
    public static final List<String> ROUTES = List.of("GET /review/{nonce}", "POST /review/{nonce}");

    private final DamFunction request;
    private final DamFunction review;
    private final DamFunction outcome;
    private final StateMachine briefApproval;
    private final EmailIdentity sender;

    /**
     * @param publicBaseUrl origin of the links in approval mails (the API's base URL)
     * @param mailFrom      sender address; its SES identity is created here
     */
    public Approvals(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                     String publicBaseUrl, String mailFrom) {
        super(scope, id);
        Path definition = artifacts.repoRoot().resolve(DEFINITION);
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("state machine definition " + definition + " is missing");
        }
        String table = data.table().getTableName();
        String bus = events.bus().getEventBusName();

        sender = EmailIdentity.Builder.create(this, "Sender").identity(Identity.email(mailFrom)).build();

        request = new DamFunction(this, "RequestApproval", stage,
                FunctionSpec.of(REQUEST_HANDLER, artifacts.jar("approval"))
                        .memoryMb(512) // measured peak 251 MB (dam.bench.MemoryReport, approval mails)
                        .env("TABLE_NAME", table).env("EVENT_BUS_NAME", bus)
                        .env("PUBLIC_BASE_URL", publicBaseUrl).env("MAIL_FROM", mailFrom));
        data.grantReadWrite(request);
        sender.grantSendEmail(request.function());

        review = new DamFunction(this, "Review", stage,
                FunctionSpec.of(REVIEW_HANDLER, artifacts.jar("approval"))
                        // Measured peak 239 MB (dam.bench.MemoryReport, GET/POST pages); 1024 MB, not 512, for the
                        // CPU share: a person waits for this page.
                        .memoryMb(1024)
                        .timeout(Duration.seconds(15))
                        .env("TABLE_NAME", table).env("EVENT_BUS_NAME", bus));
        data.grantReadWrite(review);

        outcome = new DamFunction(this, "ApplyOutcome", stage,
                FunctionSpec.of(OUTCOME_HANDLER, artifacts.jar("approval"))
                        .memoryMb(512) // measured peak 149 MB (dam.bench.MemoryReport, round outcomes)
                        .env("TABLE_NAME", table).env("EVENT_BUS_NAME", bus));
        data.grantReadWrite(outcome);
        events.grantPut(outcome);

        // Execution data stays out of the logs: task tokens travel in the Task parameters.
        LogGroup logs = LogGroup.Builder.create(this, "BriefApprovalLogs")
                .retention(stage.logRetention())
                .removalPolicy(stage.removalPolicy())
                .build();
        briefApproval = StateMachine.Builder.create(this, "BriefApproval")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(definition.toString()))
                .definitionSubstitutions(Map.of(
                        "RequestApprovalFunctionArn", request.target().getFunctionArn(),
                        "ApplyOutcomeFunctionArn", outcome.target().getFunctionArn()))
                .timeout(Duration.days(10))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(stage.stateMachineLogLevel())
                        .includeExecutionData(false).build())
                .build();
        request.target().grantInvoke(briefApproval);
        outcome.target().grantInvoke(briefApproval);
        briefApproval.grantTaskResponse(review.function());
        Nag.suppress(briefApproval.getRole(), "AwsSolutions-IAM5",
                "CloudWatch Logs vended log delivery (logs:CreateLogDelivery, PutResourcePolicy…) and X-Ray "
                        + "support only Resource '*' (Step Functions logging and tracing).",
                "Resource::*");

        Rule submitted = Rule.Builder.create(this, "BriefSubmittedRule")
                .eventBus(events.bus())
                .eventPattern(EventPattern.builder().source(List.of("dam.briefs"))
                        .detailType(List.of("Brief Submitted")).build())
                .build();
        submitted.addTarget(SfnStateMachine.Builder.create(briefApproval)
                .input(RuleTargetInput.fromEventPath("$.detail"))
                .deadLetterQueue(outcome.deadLetterQueue())
                .retryAttempts(4)
                .maxEventAge(Duration.hours(2))
                .build());
    }

    public DamFunction requestFunction() {
        return request;
    }

    /** The function behind {@link #ROUTES}: register it on the API without authorizer. */
    public DamFunction reviewFunction() {
        return review;
    }

    public DamFunction outcomeFunction() {
        return outcome;
    }

    public StateMachine briefApproval() {
        return briefApproval;
    }

    public EmailIdentity sender() {
        return sender;
    }
}
