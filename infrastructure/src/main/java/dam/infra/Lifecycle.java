package dam.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.constructs.Construct;

/**
 * Expiry and placements (issue 9). Three functions from the expiry-scan jar:
 * <ul>
 *   <li><b>planner</b> ({@value #HANDLER}): {@code Rights Changed} and {@code Usage Term Changed} (talent releases,
 *       offers) on the dam bus → the record's expiry schedules
 *       (T-30/T-7/T-1/T-0, deterministic names) in the {@value #GROUP_NAME} Scheduler group; the daily sweep rule
 *       ({@value #SWEEP_CRON_HOUR}:00 UTC) → the sweep over the expiry index (GSI1);</li>
 *   <li><b>check</b> (same handler): what the schedules invoke — Scheduler assumes a role that may invoke this
 *       function's alias only; sends reminder mails and expires;</li>
 *   <li><b>webhook</b> ({@value #WEBHOOK_HANDLER}): {@code Asset Published}/{@code Asset Unpublish Requested} of
 *       webhook placements → signed POSTs; failures are retried by Lambda, then land in its DLQ.</li>
 * </ul>
 * The API function serves placements (under /assets/{proxy+}) and webhook targets ({@link #ROUTES}).
 */
public final class Lifecycle extends Construct {

    public static final String HANDLER = "dam.expiry.ExpiryHandler::handleRequest";
    public static final String WEBHOOK_HANDLER = "dam.expiry.WebhookDeliveryHandler::handleRequest";
    public static final String GROUP_NAME = "dam-expiry";
    public static final int SWEEP_CRON_HOUR = 2;
    public static final List<String> ROUTES = List.of("ANY /webhook-targets/{proxy+}");

    private final DamFunction planner;
    private final DamFunction check;
    private final DamFunction webhook;
    private final CfnScheduleGroup group;
    private final Role schedulerRole;
    private final Rule sweepRule;

    public Lifecycle(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                     Mail mail, Api api, String publicBaseUrl, String mailFrom) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String account = stack.getAccount();
        group = CfnScheduleGroup.Builder.create(this, "Group").name(GROUP_NAME).build();

        check = function("Check", stage, artifacts, data, events, publicBaseUrl, mailFrom);
        planner = function("Planner", stage, artifacts, data, events, publicBaseUrl, mailFrom);
        for (DamFunction fn : List.of(check, planner)) {
            data.grantReadWrite(fn); // rights, assets, versions, audit, placements, ledger, expiry markers
            events.grantPut(fn);
            mail.grantSend(fn);
            grantSender(fn, mailFrom);
        }

        // Scheduler assumes this role for this account's schedules only and may invoke the check alias only.
        schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account))).build()))
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(check.target().getFunctionArn())).build());

        planner.function().addEnvironment("EXPIRY_TARGET_ARN", check.target().getFunctionArn());
        planner.function().addEnvironment("SCHEDULER_ROLE_ARN", schedulerRole.getRoleArn());
        planner.function().addEnvironment("EXPIRY_SCHEDULE_GROUP", GROUP_NAME);
        String schedules = "arn:" + stack.getPartition() + ":scheduler:" + stack.getRegion() + ":" + account
                + ":schedule/" + GROUP_NAME + "/*";
        planner.function().addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                        "scheduler:GetSchedule"))
                .resources(List.of(schedules)).build());
        planner.function().addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole")).resources(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
        planner.function().getNode().addDependency(group);
        Nag.suppress(planner.role(), "AwsSolutions-IAM5",
                "Expiry schedules are created per rights record at run time with deterministic names; the wildcard "
                        + "is limited to the " + GROUP_NAME + " group.",
                "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/" + GROUP_NAME
                        + "/*");

        // Rights records, talent releases and offers: every dated subject of an asset plans the same schedules.
        events.route(this, "RightsChangedRule", List.of("Rights Changed", "Usage Term Changed"), planner);
        sweepRule = Rule.Builder.create(this, "SweepRule")
                .schedule(Schedule.cron(CronOptions.builder().minute("0").hour(Integer.toString(SWEEP_CRON_HOUR))
                        .build()))
                .build();
        sweepRule.addTarget(LambdaFunction.Builder.create(planner.target())
                .deadLetterQueue(planner.deadLetterQueue()).retryAttempts(2).maxEventAge(Duration.hours(6)).build());

        webhook = new DamFunction(this, "Webhook", stage, FunctionSpec.of(WEBHOOK_HANDLER,
                artifacts.jar("expiry-scan")).memoryMb(512).timeout(Duration.seconds(30))
                .env("TABLE_NAME", data.table().getTableName()));
        data.grantRead(webhook);
        Rule deliveries = Rule.Builder.create(this, "WebhookRule")
                .eventBus(events.bus())
                .eventPattern(EventPattern.builder()
                        .detailType(List.of("Asset Published", "Asset Unpublish Requested"))
                        .detail(Map.of("channel", List.of("webhook"))).build())
                .build();
        deliveries.addTarget(LambdaFunction.Builder.create(webhook.target())
                .deadLetterQueue(webhook.deadLetterQueue()).retryAttempts(4).maxEventAge(Duration.hours(2)).build());

        ROUTES.forEach(route -> api.addRoute(route, api.function().target(), true));
    }

    private DamFunction function(String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events,
                                 String publicBaseUrl, String mailFrom) {
        return new DamFunction(this, id, stage, FunctionSpec.of(HANDLER, artifacts.jar("expiry-scan"))
                .memoryMb(512) // as the reminder function from the same jar (measured peak 223 MB)
                .timeout(Duration.minutes(5)) // the sweep: one query per day and shard, then the due records
                .env("TABLE_NAME", data.table().getTableName())
                .env("EXPIRY_INDEX", Data.GSI1)
                .env("EVENT_BUS_NAME", events.bus().getEventBusName())
                .env("MAIL_FROM", mailFrom)
                .env("PUBLIC_BASE_URL", publicBaseUrl));
    }

    private void grantSender(DamFunction fn, String mailFrom) {
        Stack stack = Stack.of(this);
        String prefix = "arn:" + stack.getPartition() + ":ses:" + stack.getRegion() + ":" + stack.getAccount()
                + ":identity/";
        fn.function().addToRolePolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                .resources(List.of(prefix + mailFrom, prefix + mailFrom.substring(mailFrom.indexOf('@') + 1)))
                .build());
    }

    public DamFunction planner() {
        return planner;
    }

    public DamFunction check() {
        return check;
    }

    public DamFunction webhook() {
        return webhook;
    }

    public CfnScheduleGroup group() {
        return group;
    }

    public Role schedulerRole() {
        return schedulerRole;
    }

    public Rule sweepRule() {
        return sweepRule;
    }
}
