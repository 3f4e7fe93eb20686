package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The ingest resources on a stack of their own (storage, table, bus, ingest): two functions, the asset-ingest state
 * machine with both functions substituted, the originals rule on the default bus, grants, and no cdk-nag findings.
 */
class IngestTemplateTest {

    @TempDir
    static Path repo;

    static Template template;
    static JsonNode resources;
    static List<String> nagFindings;
    static Storage storage;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "upload-tagging", "rendition");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        Stack stack = new Stack(app, "IngestOnly");
        Stage stage = Stage.fromContext(null);
        storage = new Storage(stack, "Storage", stage);
        Data data = new Data(stack, "Data", stage);
        Events events = new Events(stack, "Events");
        new Ingest(stack, "Ingest", stage, artifacts, data, events, storage);
        Nag.suppressCdkInternals(stack);
        nagFindings = CdkNagTest.awsSolutionsFindings(app, stack);
        SynthesizedTemplate synthesized = SynthesizedTemplate.of(app, stack);
        template = synthesized.template();
        resources = synthesized.resources();
    }

    static String only(String type, String prefix) {
        return SynthesizedTemplate.only(resources, type, prefix);
    }

    @Test
    void twoFunctionsWithMeasuredMemoryAndTheirEnvironment() {
        for (String handler : List.of(Ingest.STEP_HANDLER, Ingest.RENDITION_HANDLER)) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "MemorySize", Ingest.MEMORY_MB,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "TABLE_NAME", Match.anyValue(), "EVENT_BUS_NAME", Match.anyValue(),
                            "ORIGINALS_BUCKET", Match.anyValue(), "DERIVATIVES_BUCKET", Match.anyValue())))));
        }
    }

    @Test
    void theStateMachineLoadsTheAslFileWithBothFunctionAliasesSubstituted() {
        String sm = only("AWS::StepFunctions::StateMachine", "IngestAssetIngest");
        JsonNode props = resources.path(sm).path("Properties");
        assertTrue(props.has("DefinitionS3Location"), "DefinitionBody.fromFile → an S3 asset");
        JsonNode subs = props.path("DefinitionSubstitutions");
        assertEquals(only("AWS::Lambda::Alias", "IngestUploadTaggingFunction"),
                subs.path("UploadTaggingFunctionArn").path("Ref").asText());
        assertEquals(only("AWS::Lambda::Alias", "IngestRenditionFunction"),
                subs.path("RenditionFunctionArn").path("Ref").asText());
        assertTrue(props.path("TracingConfiguration").path("Enabled").asBoolean());
    }

    @Test
    void originalsCreatedOnTheDefaultBusStartTheStateMachine() {
        String rule = only("AWS::Events::Rule", "IngestOriginalCreatedRule");
        JsonNode props = resources.path(rule).path("Properties");
        assertFalse(props.has("EventBusName"), "no bus name = the default bus, where S3 publishes");
        JsonNode pattern = props.path("EventPattern");
        assertEquals("aws.s3", pattern.path("source").get(0).asText());
        assertEquals("Object Created", pattern.path("detail-type").get(0).asText());
        assertEquals("originals/", pattern.path("detail").path("object").path("key").get(0).path("prefix").asText());
        assertEquals(only("AWS::S3::Bucket", "StorageOriginals"),
                pattern.path("detail").path("bucket").path("name").get(0).path("Ref").asText());
        JsonNode target = props.path("Targets").get(0);
        assertEquals(only("AWS::StepFunctions::StateMachine", "IngestAssetIngest"),
                target.path("Arn").path("Ref").asText());
        assertTrue(target.has("DeadLetterConfig"));
    }

    @Test
    void grantsAreScopedToWhatEachFunctionTouches() {
        String policies = resources.toString();
        assertTrue(policies.contains("rekognition:DetectFaces"), "tagging may call Rekognition");
        Map<String, Map<String, Object>> found = template.findResources("AWS::IAM::Policy");
        String renditionPolicy = found.entrySet().stream().filter(e -> e.getKey().startsWith("IngestRendition"))
                .map(e -> e.getValue().toString()).findFirst().orElseThrow();
        assertFalse(renditionPolicy.contains("rekognition"), "renditions never call Rekognition");
        assertFalse(renditionPolicy.contains("s3:DeleteObject"), "renditions delete nothing");
        assertTrue(renditionPolicy.contains("s3:PutObject"));
    }

    @Test
    void submitVersionCommandsOnTheBusReachTheirFunction() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Ingest.SUBMIT_HANDLER));
        String rule = only("AWS::Events::Rule", "IngestSubmitVersionRule");
        assertEquals("Command Submit Version", resources.path(rule).path("Properties").path("EventPattern")
                .path("detail-type").get(0).asText());
    }

    @Test
    void noUnsuppressedCdkNagFindings() {
        nagFindings.forEach(f -> System.out.println("cdk-nag: " + f));
        assertEquals(List.of(), nagFindings);
    }
}
