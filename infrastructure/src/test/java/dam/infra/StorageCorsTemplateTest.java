package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser uploads in AWS: the originals bucket answers CORS for the console's CloudFront origin only (PUT/POST,
 * ETag exposed for multipart), and tying the bucket to the distribution adds no dependency cycle to the stack.
 */
class StorageCorsTemplateTest {

    @TempDir
    static Path repo;

    static JsonNode resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        Map<String, Object> json = (Map<String, Object>) DamApp.synth(repo, artifacts)
                .getStackByName(DamStack.STACK_NAME).getTemplate();
        resources = new ObjectMapper().valueToTree(json.get("Resources"));
    }

    @Test
    void originalsAllowPutAndPostFromTheConsoleOriginAndExposeTheEtag() {
        JsonNode rules = resource("AWS::S3::Bucket", "StorageOriginals").path("Properties")
                .path("CorsConfiguration").path("CorsRules");
        assertEquals(1, rules.size(), rules.toString());
        JsonNode rule = rules.get(0);
        assertEquals(Set.of("PUT", "POST"), texts(rule.path("AllowedMethods")));
        assertEquals(Set.of("ETag"), texts(rule.path("ExposedHeaders")));
        assertTrue(texts(rule.path("AllowedHeaders")).contains("Content-Type"));

        JsonNode origins = rule.path("AllowedOrigins");
        assertEquals(1, origins.size(), "the console only, never *: " + origins);
        String distribution = onlyId("AWS::CloudFront::Distribution", "Console");
        JsonNode join = origins.get(0).path("Fn::Join").get(1);
        assertEquals("https://", join.get(0).asText());
        assertEquals(distribution, join.get(1).path("Fn::GetAtt").get(0).asText());
        assertEquals("DomainName", join.get(1).path("Fn::GetAtt").get(1).asText());
    }

    @Test
    void otherBucketsAnswerNoCors() {
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::S3::Bucket")
                    && !e.getKey().startsWith("StorageOriginals")) {
                assertTrue(e.getValue().path("Properties").path("CorsConfiguration").isMissingNode(), e.getKey());
            }
        });
    }

    @Test
    void theStackHasNoDependencyCycle() {
        Map<String, Set<String>> edges = new HashMap<>();
        resources.fields().forEachRemaining(e -> {
            Set<String> to = new HashSet<>();
            references(e.getValue().path("Properties"), to);
            e.getValue().path("DependsOn").forEach(d -> to.add(d.asText()));
            if (e.getValue().path("DependsOn").isTextual()) {
                to.add(e.getValue().path("DependsOn").asText());
            }
            to.retainAll(fieldNames(resources));
            edges.put(e.getKey(), to);
        });
        assertTrue(edges.values().stream().mapToInt(Set::size).sum() > 100, "references found: " + edges);
        Set<String> done = new HashSet<>();
        for (String id : edges.keySet()) {
            assertFalse(cycleFrom(id, edges, new HashSet<>(), done), "cycle through " + id);
        }
    }

    private static boolean cycleFrom(String id, Map<String, Set<String>> edges, Set<String> path, Set<String> done) {
        if (done.contains(id)) {
            return false;
        }
        if (!path.add(id)) {
            return true;
        }
        for (String next : edges.getOrDefault(id, Set.of())) {
            if (cycleFrom(next, edges, path, done)) {
                return true;
            }
        }
        path.remove(id);
        done.add(id);
        return false;
    }

    private static void references(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            if (node.has("Ref")) {
                into.add(node.get("Ref").asText());
            }
            if (node.has("Fn::GetAtt")) {
                JsonNode att = node.get("Fn::GetAtt");
                into.add(att.isArray() ? att.get(0).asText() : att.asText().split("\\.")[0]);
            }
            node.elements().forEachRemaining(child -> references(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> references(child, into));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode resource(String type, String prefix) {
        return resources.get(onlyId(type, prefix));
    }

    private static String onlyId(String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type) && e.getKey().startsWith(prefix)) {
                ids.add(e.getKey());
            }
        });
        assertEquals(1, ids.size(), type + " " + prefix + ": " + ids);
        return ids.get(0);
    }
}
