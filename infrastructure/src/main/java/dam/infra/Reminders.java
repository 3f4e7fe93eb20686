package dam.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.constructs.Construct;

/**
 * Milestone reminders (issue 5): the Scheduler schedule group {@value #GROUP_NAME} that holds one-time schedules, the
 * expiry-scan function they invoke ({@value #HANDLER}), and the role Scheduler assumes to invoke it — that function
 * only. Functions that plan reminders get the three environment variables and the matching least-privilege grants
 * through {@link #grantScheduling(IFunction)}.
 */
public final class Reminders extends Construct {

    public static final String HANDLER = "dam.expiry.ReminderHandler::handleRequest";
    public static final String GROUP_NAME = "dam-reminders";

    private final DamFunction function;
    private final CfnScheduleGroup group;
    private final Role schedulerRole;

    /**
     * @param publicBaseUrl origin the links in reminder emails point at (the API/console URL)
     * @param mailFrom      verified SES sender address
     */
    public Reminders(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data,
                     String publicBaseUrl, String mailFrom) {
        super(scope, id);
        if (mailFrom == null || !mailFrom.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("MAIL_FROM must be an email address, got '" + mailFrom + "'");
        }
        String account = Stack.of(this).getAccount();
        String region = Stack.of(this).getRegion();
        String partition = Stack.of(this).getPartition();

        group = CfnScheduleGroup.Builder.create(this, "Group").name(GROUP_NAME).build();

        function = new DamFunction(this, "Handler", stage,
                FunctionSpec.of(HANDLER, artifacts.jar("expiry-scan"))
                        .memoryMb(512) // measured peak 223 MB (dam.bench.MemoryReport, reminder mails)
                        .env("TABLE_NAME", data.table().getTableName())
                        .env("MAIL_FROM", mailFrom)
                        .env("PUBLIC_BASE_URL", publicBaseUrl));
        data.grantReadWrite(function); // reads briefs, writes the once-only NOTIFIED# markers
        String domain = mailFrom.substring(mailFrom.indexOf('@') + 1);
        function.function().addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                .resources(List.of(
                        "arn:" + partition + ":ses:" + region + ":" + account + ":identity/" + mailFrom,
                        "arn:" + partition + ":ses:" + region + ":" + account + ":identity/" + domain))
                .build());

        // Scheduler assumes this role for this account's schedules only (confused-deputy guard) and may invoke
        // nothing but the reminder function's alias (no version wildcard: schedules target the alias ARN).
        schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", account)))
                        .build()))
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.target().getFunctionArn()))
                .build());
    }

    /**
     * Lets {@code planner} create, move and cancel reminder schedules: sets REMINDER_TARGET_ARN, SCHEDULER_ROLE_ARN
     * and SCHEDULE_GROUP, allows scheduler:Create/Update/Delete/GetSchedule on this group's schedules only, and
     * iam:PassRole on the scheduler role only (and only to Scheduler).
     */
    public void grantScheduling(IFunction planner) {
        if (!(planner instanceof Function fn)) {
            throw new IllegalArgumentException("grantScheduling needs a Function defined in this app (it sets its "
                    + "environment), got " + planner.getNode().getPath());
        }
        fn.addEnvironment("REMINDER_TARGET_ARN", function.target().getFunctionArn());
        fn.addEnvironment("SCHEDULER_ROLE_ARN", schedulerRole.getRoleArn());
        fn.addEnvironment("SCHEDULE_GROUP", GROUP_NAME);
        Stack stack = Stack.of(this);
        String schedules = "arn:" + stack.getPartition() + ":scheduler:" + stack.getRegion() + ":"
                + stack.getAccount() + ":schedule/" + GROUP_NAME + "/*";
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                        "scheduler:GetSchedule"))
                .resources(List.of(schedules))
                .build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
        fn.getNode().addDependency(group);
        Nag.suppress(fn.getRole(), "AwsSolutions-IAM5",
                "Reminder schedules are created per milestone at run time with deterministic names; the wildcard is "
                        + "limited to the " + GROUP_NAME + " group.",
                "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/" + GROUP_NAME
                        + "/*");
    }

    public DamFunction function() {
        return function;
    }

    public CfnScheduleGroup group() {
        return group;
    }

    public Role schedulerRole() {
        return schedulerRole;
    }
}
