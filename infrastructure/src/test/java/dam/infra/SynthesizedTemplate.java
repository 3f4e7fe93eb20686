package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** A synthesized stack for template tests: CDK's {@link Template} plus the raw Resources to look logical ids up. */
record SynthesizedTemplate(Template template, JsonNode resources) {

    @SuppressWarnings("unchecked")
    static SynthesizedTemplate of(App app, Stack stack) {
        Map<String, Object> json = (Map<String, Object>) app.synth().getStackByName(stack.getStackName())
                .getTemplate();
        return new SynthesizedTemplate(Template.fromJSON(json), new ObjectMapper().valueToTree(json.get("Resources")));
    }

    /** The whole product stack with placeholder jars for {@code modules} and a deployment's mail context. */
    static SynthesizedTemplate fullStack(Path repo, String... modules) throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, modules);
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of("mailFrom", "noreply@dam.example.com",
                "publicBaseUrl", "https://dam.example.com"));
        return of(app, DamApp.stack(app, artifacts));
    }

    /** The logical id of the one resource of {@code type} whose id starts with {@code prefix} (fails otherwise). */
    static String only(JsonNode resources, String type, String prefix) {
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
