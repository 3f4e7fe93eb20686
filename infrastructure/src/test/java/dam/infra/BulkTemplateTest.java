package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk jobs in the synthesized stack: the bulk-rendition machine invokes the Items function's live alias, reads
 * manifests only under bulk/ and writes results only under bulk-results/; the Items function has a DLQ and grants
 * only to downloads/ and bulk/; the API starts this one machine, and /bulk-jobs needs the JWT.
 */
class BulkTemplateTest {

    @TempDir
    static Path repo;

    static JsonNode resources;

    @BeforeAll
    static void synth() throws IOException {
        resources = SynthesizedTemplate.fullStack(repo, "brief-intake", "expiry-scan", "approval", "api")
                .resources();
    }

    @Test
    void theMachineMapsOverTheManifestAndInvokesTheItemsAlias() {
        String machine = SynthesizedTemplate.only(resources, "AWS::StepFunctions::StateMachine", "BulkBulkRendition");
        JsonNode props = resources.get(machine).path("Properties");
        assertTrue(props.path("StateMachineName").toString().contains("-BulkRendition"));
        JsonNode subs = props.path("DefinitionSubstitutions");
        assertTrue(subs.path("BulkFunctionArn").toString().contains("BulkItemsFunctionAliaslive"), subs.toString());
        assertTrue(subs.path("DerivativesBucket").toString().contains("StorageDerivatives"), subs.toString());

        String role = resources.get(machine).path("Properties").path("RoleArn").path("Fn::GetAtt").get(0).asText();
        List<String> statements = statementsOf(role);
        assertTrue(statements.stream().anyMatch(s -> s.contains("s3:GetObject") && s.contains("/bulk/*")),
                statements.toString());
        assertTrue(statements.stream().anyMatch(s -> s.contains("s3:PutObject") && s.contains("/bulk-results/*")),
                statements.toString());
        assertTrue(statements.stream().anyMatch(s -> s.contains("states:StartExecution")
                && s.contains("-BulkRendition")), statements.toString());
        assertFalse(statements.stream().anyMatch(s -> s.contains("s3:PutObject") && s.contains("/downloads/")),
                "the machine itself writes no derivatives");
    }

    @Test
    void theItemsFunctionHasADeadLetterQueueAndPrefixScopedGrants() {
        String fn = SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "BulkItemsFunction");
        JsonNode props = resources.get(fn).path("Properties");
        assertEquals("dam.rendition.BulkStepHandler::handleRequest", props.path("Handler").asText());
        assertTrue(props.path("DeadLetterConfig").path("TargetArn").toString().contains("BulkItemsDeadLetterQueue"));
        assertEquals(Bulk.MEMORY_MB, props.path("MemorySize").asInt());
        List<String> statements = statementsOf(props.path("Role").path("Fn::GetAtt").get(0).asText());
        String s3 = String.join("\n", statements.stream().filter(s -> s.contains("s3:PutObject")).toList());
        assertTrue(s3.contains("/downloads/*") && s3.contains("/bulk/*"), s3);
        assertFalse(s3.contains("\"/*\""), "no bucket-wide object grant: " + s3);
    }

    @Test
    void theApiStartsThisMachineAndTheRoutesNeedTheJwt() {
        Map<String, String> auth = new TreeMap<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue().path("Properties");
            if (e.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                auth.put(p.path("RouteKey").asText(), p.path("AuthorizationType").asText());
            }
        });
        for (String route : Bulk.ROUTES) {
            assertEquals("JWT", auth.get(route), route);
        }
        String api = SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "ApiHandlerFunction");
        JsonNode env = resources.get(api).path("Properties").path("Environment").path("Variables");
        assertTrue(env.path("BULK_STATE_MACHINE_ARN").toString().contains("-BulkRendition"), env.toString());
        assertEquals(Integer.toString(Bulk.DEFAULT_CONCURRENCY), env.path("BULK_CONCURRENCY").asText());
    }

    /** Every policy statement (as JSON text) attached to the role with this logical id. */
    private static List<String> statementsOf(String roleId) {
        List<String> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue().path("Properties");
            if (e.getValue().path("Type").asText().equals("AWS::IAM::Policy")
                    && p.path("Roles").toString().contains("\"" + roleId + "\"")) {
                p.path("PolicyDocument").path("Statement").forEach(s -> out.add(s.toString()));
            }
        });
        return out;
    }
}
