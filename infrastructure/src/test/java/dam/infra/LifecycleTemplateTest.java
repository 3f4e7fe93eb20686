package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The expiry and placement resources (issue 9): the dam-expiry schedule group, a Scheduler role that invokes only the
 * check function's alias, the planner's scheduling grants and environment, the Rights Changed and daily sweep rules,
 * and the webhook delivery rule filtered on webhook placements.
 */
class LifecycleTemplateTest {

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

    private static JsonNode props(String id) {
        return resources.path(id).path("Properties");
    }

    @Test
    void groupAndSchedulerRoleInvokingOnlyTheCheckAlias() {
        template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", Lifecycle.GROUP_NAME));
        JsonNode statements = props(only("AWS::IAM::Policy", "LifecycleSchedulerRole")).path("PolicyDocument")
                .path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        assertEquals("lambda:InvokeFunction", statements.get(0).path("Action").asText());
        assertEquals(only("AWS::Lambda::Alias", "LifecycleCheck"),
                statements.get(0).path("Resource").path("Ref").asText());
    }

    @Test
    void plannerSchedulesInItsGroupTargetingTheCheckFunction() {
        String planner = only("AWS::Lambda::Function", "LifecyclePlanner");
        JsonNode env = props(planner).path("Environment").path("Variables");
        assertEquals(only("AWS::Lambda::Alias", "LifecycleCheck"), env.path("EXPIRY_TARGET_ARN").path("Ref").asText());
        assertEquals(Lifecycle.GROUP_NAME, env.path("EXPIRY_SCHEDULE_GROUP").asText());
        assertEquals(Data.GSI1, env.path("EXPIRY_INDEX").asText());
        String check = only("AWS::Lambda::Function", "LifecycleCheck");
        assertTrue(props(check).path("Environment").path("Variables").path("EXPIRY_TARGET_ARN").isMissingNode(),
                "the check function plans nothing");
        String policy = props(only("AWS::IAM::Policy", "LifecyclePlannerRole")).path("PolicyDocument").toString();
        assertTrue(policy.contains("scheduler:CreateSchedule") && policy.contains(":schedule/dam-expiry/*"), policy);
        assertTrue(policy.contains("iam:PassRole") && policy.contains("scheduler.amazonaws.com"), policy);
        String checkPolicy = props(only("AWS::IAM::Policy", "LifecycleCheckRole")).path("PolicyDocument").toString();
        assertTrue(!checkPolicy.contains("scheduler:") && checkPolicy.contains("ses:SendEmail"), checkPolicy);
    }

    @Test
    void rulesRouteRightsChangesTheDailySweepAndWebhookPlacements() {
        JsonNode rights = props(only("AWS::Events::Rule", "LifecycleRightsChangedRule"));
        assertEquals("Rights Changed", rights.path("EventPattern").path("detail-type").get(0).asText());
        assertEquals("Usage Term Changed", rights.path("EventPattern").path("detail-type").get(1).asText());
        JsonNode sweep = props(only("AWS::Events::Rule", "LifecycleSweepRule"));
        assertEquals("cron(0 2 * * ? *)", sweep.path("ScheduleExpression").asText());
        assertTrue(sweep.path("Targets").get(0).path("Arn").path("Ref").asText().startsWith("LifecyclePlanner"));
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("EventPattern", Map.of(
                "detail-type", List.of("Asset Published", "Asset Unpublish Requested"),
                "detail", Map.of("channel", List.of("webhook"))))));
        JsonNode webhook = props(only("AWS::Events::Rule", "LifecycleWebhookRule"));
        assertTrue(webhook.path("Targets").get(0).has("DeadLetterConfig"), webhook.toString());
    }

    @Test
    void webhookTargetsAreAnApiRoute() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey",
                "ANY /webhook-targets/{proxy+}"));
    }
}
