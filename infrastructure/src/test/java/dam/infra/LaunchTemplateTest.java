package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * The launch function (issue 9): its three rules (register command, Asset Expired, daily re-approval sweep), the
 * re-approval index and review machine in its environment, StartExecution on that machine only, the policy route.
 */
class LaunchTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static JsonNode resources;

    @BeforeAll
    static void synth() throws IOException {
        SynthesizedTemplate synthesized = SynthesizedTemplate.fullStack(repo, "brief-intake", "expiry-scan", "approval",
                "api");
        template = synthesized.template();
        resources = synthesized.resources();
    }

    private static JsonNode props(String id) {
        return resources.path(id).path("Properties");
    }

    @Test
    void functionStartsOnlyTheReviewMachineAndReadsTheReapprovalIndex() {
        String fn = SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "LaunchFunction");
        JsonNode f = props(fn);
        assertEquals(Launch.HANDLER, f.path("Handler").asText());
        JsonNode env = f.path("Environment").path("Variables");
        assertEquals(Data.GSI1, env.path("PLACEMENT_INDEX").asText());
        assertTrue(env.path("REVIEW_STATE_MACHINE_ARN").toString().contains("AssetReview"), env.toString());
        String policy = props(SynthesizedTemplate.only(resources, "AWS::IAM::Policy", "LaunchFunctionRole"))
                .path("PolicyDocument").toString();
        assertTrue(policy.contains("states:StartExecution") && policy.contains("AssetReview"), policy);
        assertTrue(!policy.contains("states:SendTask") && !policy.contains("scheduler:"), policy);
    }

    @Test
    void rulesRouteTheCommandExpiriesAndTheDailySweepWithADeadLetterQueue() {
        JsonNode command = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "LaunchRegisterPlacement"));
        assertEquals("Command Register Placement", command.path("EventPattern").path("detail-type").get(0).asText());
        assertTrue(command.path("Targets").get(0).has("DeadLetterConfig"), command.toString());
        JsonNode expired = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "LaunchAssetExpired"));
        assertEquals("Asset Expired", expired.path("EventPattern").path("detail-type").get(0).asText());
        JsonNode sweep = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "LaunchReapprovalSweep"));
        assertEquals("cron(0 3 * * ? *)", sweep.path("ScheduleExpression").asText());
        assertTrue(sweep.path("Targets").get(0).path("Arn").path("Ref").asText().startsWith("LaunchFunction"));
    }

    @Test
    void placementPoliciesAreAnApiRoute() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey",
                "ANY /placement-policies/{proxy+}"));
    }
}
