package dam.infra;

import static dam.infra.DamStackTemplateTest.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;

/** The milestone-reminder resources of the dev template: group, function, Scheduler role, planner grants. */
class RemindersTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static Map<String, Object> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of("mailFrom", "noreply@dam.example.com",
                "publicBaseUrl", "https://dam.example.com"));
        DamStack stack = DamApp.stack(app, artifacts);
        Map<String, Object> json = (Map<String, Object>) app.synth().getStackByName(stack.getStackName())
                .getTemplate();
        template = Template.fromJSON(json);
        resources = (Map<String, Object>) json.get("Resources");
    }

    @Test
    void scheduleGroupIsDamReminders() {
        only("AWS::Scheduler::ScheduleGroup", "RemindersGroup"); // the other group is the review timers'
        template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", "dam-reminders"));
    }

    @Test
    void reminderFunctionHasHandlerAndEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dam.expiry.ReminderHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TABLE_NAME", Map.of("Ref", only("AWS::DynamoDB::Table", "DataTable")),
                        "MAIL_FROM", "noreply@dam.example.com",
                        "PUBLIC_BASE_URL", "https://dam.example.com")))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void schedulerRoleIsAssumedBySchedulerOfThisAccountAndInvokesOnlyTheReminderFunction() {
        String role = only("AWS::IAM::Role", "RemindersSchedulerRole");
        Map<String, Object> trust = (Map<String, Object>) props(role).get("AssumeRolePolicyDocument");
        Map<String, Object> statement = ((List<Map<String, Object>>) trust.get("Statement")).get(0);
        assertEquals(Map.of("Service", "scheduler.amazonaws.com"), statement.get("Principal"));
        assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))),
                statement.get("Condition"));

        List<Map<String, Object>> statements = statements(only("AWS::IAM::Policy", "RemindersSchedulerRole"));
        assertEquals(1, statements.size(), statements.toString());
        assertEquals("lambda:InvokeFunction", statements.get(0).get("Action"));
        // The live alias (SnapStart): schedules invoke the published version, never $LATEST.
        assertEquals(Map.of("Ref", only("AWS::Lambda::Alias", "RemindersHandler")),
                statements.get(0).get("Resource"));
    }

    @Test
    void briefIntakeGetsTheSchedulingEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dam.intake.BriefIntakeHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REMINDER_TARGET_ARN", Map.of("Ref", only("AWS::Lambda::Alias", "RemindersHandler")),
                        "SCHEDULER_ROLE_ARN", Map.of("Fn::GetAtt",
                                List.of(only("AWS::IAM::Role", "RemindersSchedulerRole"), "Arn")),
                        "SCHEDULE_GROUP", "dam-reminders")))));
    }

    @Test
    void briefIntakeMaySchedulesInTheGroupOnlyAndPassOnlyTheSchedulerRole() {
        List<Map<String, Object>> statements = statements(only("AWS::IAM::Policy", "BriefIntake"));
        Map<String, Object> schedule = DamStackTemplateTest.statementWithAction(statements, "scheduler:CreateSchedule");
        assertEquals(List.of("scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                "scheduler:GetSchedule"), asList(schedule.get("Action")));
        assertEquals(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":scheduler:",
                        Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":schedule/dam-reminders/*"))),
                schedule.get("Resource"));

        Map<String, Object> pass = DamStackTemplateTest.statementWithAction(statements, "iam:PassRole");
        assertEquals(Map.of("Fn::GetAtt", List.of(only("AWS::IAM::Role", "RemindersSchedulerRole"), "Arn")),
                pass.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")),
                pass.get("Condition"));
        // No scheduler or PassRole permission anywhere else (but the API function: it edits milestones too; and the
        // approval request function, which sets review timers in their own group: ReviewTemplateTest).
        long elsewhere = resources.entrySet().stream()
                .filter(e -> isType(e.getValue(), "AWS::IAM::Policy") && !e.getKey().startsWith("BriefIntake")
                        && !e.getKey().startsWith("ApiHandler") && !e.getKey().startsWith("ApprovalsRequestApproval")
                        && !e.getKey().startsWith("LifecyclePlanner")) // expiry schedules: LifecycleTemplateTest
                .flatMap(e -> statements(e.getKey()).stream())
                .flatMap(s -> asList(s.get("Action")).stream())
                .filter(a -> a.toString().startsWith("scheduler:") || a.equals("iam:PassRole")).count();
        assertEquals(0, elsewhere);
    }

    @Test
    void reminderFunctionSendsMailOnlyAsTheSenderIdentity() {
        List<Map<String, Object>> statements = statements(only("AWS::IAM::Policy", "RemindersHandler"));
        Map<String, Object> ses = DamStackTemplateTest.statementWithAction(statements, "ses:SendEmail");
        List<?> targets = asList(ses.get("Resource"));
        assertEquals(2, targets.size());
        assertTrue(targets.get(0).toString().contains("identity/noreply@dam.example.com"), targets.toString());
        assertTrue(targets.get(1).toString().contains("identity/dam.example.com"), targets.toString());
        DamStackTemplateTest.statementWithAction(statements, "dynamodb:PutItem");
    }

    @Test
    void grantSchedulingConfiguresAppFunctionsAndRefusesImportedOnes() {
        Stack scratch = new Stack(new App(), "Scratch");
        LambdaArtifacts artifacts = new LambdaArtifacts(repo, TestRepo.VERSION);
        Stage dev = new Stage("dev");
        assertThrows(IllegalArgumentException.class, () -> new Reminders(scratch, "Bad", dev, artifacts,
                new Data(scratch, "D1", dev), "http://127.0.0.1:8080", "not-an-address"));

        Reminders reminders = new Reminders(scratch, "R", dev, artifacts, new Data(scratch, "D2", dev),
                "http://127.0.0.1:8080", "a@b.example");
        IFunction imported = Function.fromFunctionArn(scratch, "Imported",
                "arn:aws:lambda:us-east-1:123456789012:function:elsewhere");
        assertThrows(IllegalArgumentException.class, () -> reminders.grantScheduling(imported));

        Function planner = Function.Builder.create(scratch, "Planner").runtime(Runtime.NODEJS_20_X).handler("index.handler")
                .code(Code.fromInline("x")).build();
        reminders.grantScheduling(planner);
        Template.fromStack(scratch).hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "index.handler",
                "Environment", Map.of("Variables", Map.of(
                        "REMINDER_TARGET_ARN", Match.anyValue(),
                        "SCHEDULER_ROLE_ARN", Match.anyValue(),
                        "SCHEDULE_GROUP", "dam-reminders"))));
    }

    @SuppressWarnings("unchecked")
    private static boolean isType(Object resource, String type) {
        return type.equals(((Map<String, Object>) resource).get("Type"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(String logicalId) {
        return (Map<String, Object>) ((Map<String, Object>) resources.get(logicalId)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(String policyLogicalId) {
        return (List<Map<String, Object>>) ((Map<String, Object>) props(policyLogicalId).get("PolicyDocument"))
                .get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static String only(String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, r) -> {
            if (type.equals(((Map<String, Object>) r).get("Type")) && id.startsWith(prefix)) {
                ids.add(id);
            }
        });
        assertEquals(1, ids.size(), () -> "expected one " + type + " with prefix " + prefix + ", got " + ids);
        return ids.get(0);
    }
}
