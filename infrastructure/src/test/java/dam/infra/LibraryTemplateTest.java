package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/**
 * The library's share and version wiring in the synthesized stack: share links are public routes of the API function
 * (no authorizer — the signed link is the credential) while managing them needs the JWT; the API may put originals
 * (a revert's CopyObject) and so may the rendition function (an edit's output).
 */
class LibraryTemplateTest {

    @TempDir
    static Path repo;

    static JsonNode resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of("mailFrom", "noreply@dam.example.com",
                "publicBaseUrl", "https://dam.example.com"));
        DamStack stack = DamApp.stack(app, artifacts);
        Map<String, Object> json = (Map<String, Object>) app.synth().getStackByName(stack.getStackName())
                .getTemplate();
        resources = new ObjectMapper().valueToTree(json.get("Resources"));
    }

    @Test
    void shareLinksArePublicAndManagingThemNeedsTheJwt() {
        Map<String, String> auth = new TreeMap<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue().path("Properties");
            if (e.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                auth.put(p.path("RouteKey").asText(), p.path("AuthorizationType").asText());
            }
        });
        for (String route : Library.PUBLIC_ROUTES) {
            assertEquals("NONE", auth.get(route), route);
        }
        for (String route : Library.ROUTES) {
            assertEquals("JWT", auth.get(route), route);
        }
        assertEquals("JWT", auth.get("ANY /assets/{proxy+}"), "POST /assets/{id}/shares, versions, edits");
    }

    @Test
    void theApiAndTheRenditionFunctionMayPutOriginals() {
        for (String role : new String[] {"ApiHandlerRole", "IngestRenditionRole"}) {
            boolean found = false;
            StringBuilder all = new StringBuilder();
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) resources::fields) {
                if (!e.getValue().path("Type").asText().equals("AWS::IAM::Policy") || !e.getKey().startsWith(role)) {
                    continue;
                }
                for (JsonNode st : e.getValue().path("Properties").path("PolicyDocument").path("Statement")) {
                    all.append(st);
                    boolean put = st.path("Action").isArray() ? st.path("Action").toString().contains("\"s3:PutObject\"")
                            : st.path("Action").asText().equals("s3:PutObject");
                    found |= put && st.path("Resource").toString().contains("/originals/*");
                }
            }
            assertTrue(found, role + " may put originals/*: " + all);
        }
    }
}
