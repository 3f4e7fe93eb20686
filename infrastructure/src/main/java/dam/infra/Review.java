package dam.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * Asset review rounds (issue 7): the {@code asset-review} state machine, started by {@code Asset Version Ingested}
 * (state ready, version of a brief's asset) on the dam bus, and the functions around it (all from the approval jar):
 * <ul>
 *   <li>{@code Steps} — the machine's own steps (open/plan/closeStage/closeRound/await); mails the creator and
 *       publishes {@code Review Round Closed} / {@code Asset Approved};</li>
 *   <li>{@code Timer} — target of the one-time Scheduler schedules in group {@value #GROUP_NAME}: reminder to the
 *       reviewer, escalation to the stage owner, heartbeat of the reviewer's waiting task;</li>
 *   <li>{@code DecideCommand} — {@code Command Decide Review} from integrations.</li>
 * </ul>
 * The reviewers' requests and the public link pages are the {@link Approvals} functions: this construct gives them
 * what asset reviews add (timers, task answers on this machine, previews, the review environment).
 */
public final class Review extends Construct {

    public static final String STEP_HANDLER = "dam.approval.ReviewStepHandler::handleRequest";
    public static final String TIMER_HANDLER = "dam.approval.ReviewTimerHandler::handleRequest";
    public static final String DECIDE_HANDLER = "dam.approval.DecideReviewCommandHandler::handleRequest";
    public static final String DEFINITION = "statemachines/asset-review.asl.json";
    public static final String GROUP_NAME = "dam-reviews";
    public static final String DECIDE_COMMAND = "Command Decide Review";
    /** Where the confirm page's preview renditions live in the derivatives bucket. */
    static final String RENDITIONS_PREFIX = "renditions/";

    private final DamFunction steps;
    private final DamFunction timer;
    private final DamFunction decide;
    private final StateMachine stateMachine;
    private final Rule decideRule;
    private final Rule versionReadyRule;
    private final CfnScheduleGroup group;
    private final String machineArn;
    private final Role schedulerRole;

    /**
     * @param publicBaseUrl origin of the links in review mails (the API's base URL)
     * @param mailFrom      the sender address (its SES identity is {@link Approvals#sender()})
     */
    public Review(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                  Storage storage, Approvals approvals, Mail mail, String publicBaseUrl, String mailFrom) {
        super(scope, id);
        Path definition = artifacts.repoRoot().resolve(DEFINITION);
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("state machine definition " + definition + " is missing");
        }
        // Every review handler wires the review service, which needs all four (mail and links for the creator).
        Map<String, String> env = Map.of("TABLE_NAME", data.table().getTableName(),
                "EVENT_BUS_NAME", events.bus().getEventBusName(), "PUBLIC_BASE_URL", publicBaseUrl,
                "MAIL_FROM", mailFrom);

        steps = new DamFunction(this, "Steps", stage, withEnv(
                FunctionSpec.of(STEP_HANDLER, artifacts.jar("approval")).memoryMb(1024), env)); // not measured yet
        data.grantReadWrite(steps);
        events.grantPut(steps); // Review Round Closed, Asset Approved
        sendsMail(steps, approvals, mail); // the creator hears of the round's outcome

        timer = new DamFunction(this, "Timer", stage, withEnv(
                FunctionSpec.of(TIMER_HANDLER, artifacts.jar("approval")).memoryMb(1024), env));
        data.grantReadWrite(timer); // marks a slot reminded/escalated with its audit entry
        sendsMail(timer, approvals, mail);

        decide = new DamFunction(this, "DecideCommand", stage, withEnv(
                FunctionSpec.of(DECIDE_HANDLER, artifacts.jar("approval")).memoryMb(1024), env));
        data.grantReadWrite(decide);
        events.grantPut(decide); // Command Rejected
        decideRule = events.route(this, "DecideRule", List.of(DECIDE_COMMAND), decide);

        // A fixed name so the functions' task grants can name the ARN without a reference to the machine: the machine
        // references their aliases, so a Ref back from their roles would be a dependency cycle.
        String machineName = Stack.of(this).getStackName() + "-AssetReview";
        machineArn = Stack.of(this).formatArn(ArnComponents.builder().service("states").resource("stateMachine")
                .resourceName(machineName).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        LogGroup logs = LogGroup.Builder.create(this, "AssetReviewLogs")
                .retention(stage.logRetention())
                .removalPolicy(stage.removalPolicy())
                .build();
        stateMachine = StateMachine.Builder.create(this, "AssetReview")
                .stateMachineName(machineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(definition.toString()))
                .definitionSubstitutions(Map.of(
                        "ReviewStepsFunctionArn", steps.target().getFunctionArn(),
                        "RequestApprovalFunctionArn", approvals.requestFunction().target().getFunctionArn()))
                // Rounds wait for reviewers (days) and for the creator's next version (up to 90 days) per round.
                .timeout(Duration.days(365))
                .tracingEnabled(true)
                // Execution data stays out of the logs: task tokens travel in the Task parameters.
                .logs(LogOptions.builder().destination(logs).level(stage.stateMachineLogLevel())
                        .includeExecutionData(false).build())
                .build();
        steps.target().grantInvoke(stateMachine);
        approvals.requestFunction().target().grantInvoke(stateMachine);
        Nag.suppress(stateMachine.getRole(), "AwsSolutions-IAM5",
                "CloudWatch Logs vended log delivery (logs:CreateLogDelivery, PutResourcePolicy…) and X-Ray "
                        + "support only Resource '*' (Step Functions logging and tracing).",
                "Resource::*");

        // Who answers this machine's tasks: the link page and the command decide (and release settled waits), the
        // steps resume a round waiting for the next version, the timers beat the reviewer's heartbeat, and a request
        // for a stage that was settled meanwhile releases its own wait at once.
        grantTaskResponse(approvals.reviewFunction());
        grantTaskResponse(decide);
        allowOnMachine(steps, "states:SendTaskSuccess");
        allowOnMachine(timer, "states:SendTaskHeartbeat");
        allowOnMachine(approvals.requestFunction(), "states:SendTaskSuccess");

        // The review environment for the Approvals functions that serve asset links.
        for (DamFunction fn : List.of(approvals.requestFunction(), approvals.reviewFunction())) {
            fn.function().addEnvironment("PUBLIC_BASE_URL", publicBaseUrl);
            fn.function().addEnvironment("MAIL_FROM", mailFrom);
            fn.function().addEnvironment("DERIVATIVES_BUCKET", storage.derivatives().getBucketName());
            fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject"))
                    .resources(List.of(storage.derivatives().arnForObjects(RENDITIONS_PREFIX + "*")))
                    .build());
            Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                    "Review pages and mails show the version's preview rendition: read-only, renditions/ only.",
                    "Resource::<" + logicalId(storage.derivatives()) + ".Arn>/" + RENDITIONS_PREFIX + "*");
        }

        // Reminder and escalation timers: Scheduler assumes this role for this account only and may invoke the timer
        // function's alias only.
        group = CfnScheduleGroup.Builder.create(this, "Group").name(GROUP_NAME).build();
        String account = Stack.of(this).getAccount();
        schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account)))
                        .build()))
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(timer.target().getFunctionArn()))
                .build());
        grantTimers(approvals.requestFunction());

        // A ready version of a brief's asset starts (or resumes) its review; the detail is the machine's input.
        versionReadyRule = Rule.Builder.create(this, "VersionReadyRule")
                .eventBus(events.bus())
                .eventPattern(EventPattern.builder()
                        .source(List.of("dam.assets"))
                        .detailType(List.of("Asset Version Ingested"))
                        .detail(Map.of("state", List.of("ready"), "briefId", Match.exists()))
                        .build())
                .build();
        versionReadyRule.addTarget(SfnStateMachine.Builder.create(stateMachine)
                .input(RuleTargetInput.fromEventPath("$.detail"))
                .deadLetterQueue(steps.deadLetterQueue())
                .retryAttempts(4)
                .maxEventAge(Duration.hours(2))
                .build());
    }

    /**
     * Lets {@code fn} set review timers: REVIEW_TIMER_TARGET_ARN, SCHEDULER_ROLE_ARN and SCHEDULE_GROUP (read by
     * dam.approval.ApprovalWiring), scheduler:CreateSchedule in this group only (timers are never moved: a link's
     * due date is fixed), and iam:PassRole on the scheduler role only, to Scheduler only.
     */
    public void grantTimers(DamFunction fn) {
        fn.function().addEnvironment("REVIEW_TIMER_TARGET_ARN", timer.target().getFunctionArn());
        fn.function().addEnvironment("SCHEDULER_ROLE_ARN", schedulerRole.getRoleArn());
        fn.function().addEnvironment("SCHEDULE_GROUP", GROUP_NAME);
        Stack stack = Stack.of(this);
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("scheduler:CreateSchedule"))
                .resources(List.of("arn:" + stack.getPartition() + ":scheduler:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":schedule/" + GROUP_NAME + "/*"))
                .build());
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
        fn.function().getNode().addDependency(group);
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Review timers are created per reviewer link at run time with names derived from the link; the "
                        + "wildcard is limited to the " + GROUP_NAME + " group.",
                "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/" + GROUP_NAME
                        + "/*");
    }

    /**
     * Lets {@code fn} decide reviews and answer this machine's waiting tasks (e.g. the API function for decisions in
     * the console and the creator's answers that resume a round).
     */
    public void grantTaskResponse(DamFunction fn) {
        allowOnMachine(fn, "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");
    }

    private void allowOnMachine(DamFunction fn, String... actions) {
        fn.function().addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of(actions))
                .resources(List.of(machineArn))
                .build());
    }

    /** The machine's ARN, built from its fixed name (use in grants: no reference, no dependency cycle). */
    public String stateMachineArn() {
        return machineArn;
    }

    private static void sendsMail(DamFunction fn, Approvals approvals, Mail mail) {
        approvals.sender().grantSendEmail(fn.function());
        mail.grantSend(fn);
    }

    private static FunctionSpec withEnv(FunctionSpec spec, Map<String, String> env) {
        FunctionSpec out = spec;
        for (var e : new java.util.TreeMap<>(env).entrySet()) {
            out = out.env(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String logicalId(software.amazon.awscdk.services.s3.Bucket bucket) {
        var cfn = (software.amazon.awscdk.CfnElement) bucket.getNode().getDefaultChild();
        return Stack.of(cfn).resolve(cfn.getLogicalId()).toString();
    }

    public DamFunction stepsFunction() {
        return steps;
    }

    public DamFunction timerFunction() {
        return timer;
    }

    public DamFunction decideFunction() {
        return decide;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Rule versionReadyRule() {
        return versionReadyRule;
    }

    public Rule decideRule() {
        return decideRule;
    }

    public CfnScheduleGroup group() {
        return group;
    }

    public Role schedulerRole() {
        return schedulerRole;
    }
}
