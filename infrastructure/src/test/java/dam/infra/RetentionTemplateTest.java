package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archiving and deletion (issue 9): the originals' lifecycle rule on the archive tag, the retention function's rules
 * (uses of an asset, the daily run) and the S3 rights it and the API function share — scoped to the asset prefixes.
 */
class RetentionTemplateTest {

    @TempDir
    static Path repo;

    static JsonNode resources;

    @BeforeAll
    static void synth() throws IOException {
        resources = SynthesizedTemplate.fullStack(repo, "brief-intake", "expiry-scan", "approval", "api").resources();
    }

    private static JsonNode props(String id) {
        return resources.path(id).path("Properties");
    }

    @Test
    void archivedOriginalsMoveToGlacierByTheirTag() {
        JsonNode rules = props(SynthesizedTemplate.only(resources, "AWS::S3::Bucket", "StorageOriginals"))
                .path("LifecycleConfiguration").path("Rules");
        JsonNode archive = null;
        for (JsonNode r : rules) {
            if (r.path("Id").asText().equals("archived-originals-to-glacier")) {
                archive = r;
            }
        }
        assertTrue(archive != null, rules.toString());
        assertEquals(Retention.TAG_KEY, archive.path("TagFilters").get(0).path("Key").asText());
        assertEquals(Retention.TAG_VALUE, archive.path("TagFilters").get(0).path("Value").asText());
        assertEquals("GLACIER", archive.path("Transitions").get(0).path("StorageClass").asText());
        assertEquals("GLACIER", archive.path("NoncurrentVersionTransitions").get(0).path("StorageClass").asText());
    }

    @Test
    void theRunnerHearsUsesAndRunsDaily() {
        JsonNode uses = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "RetentionUseRule"));
        assertEquals(3, uses.path("EventPattern").path("detail-type").size());
        assertTrue(uses.path("Targets").get(0).has("DeadLetterConfig"), uses.toString());
        JsonNode daily = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "RetentionDailyRule"));
        assertEquals("cron(0 3 * * ? *)", daily.path("ScheduleExpression").asText());
        JsonNode f = props(SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "RetentionRunner"));
        assertEquals(Retention.HANDLER, f.path("Handler").asText());
        assertEquals(Data.GSI1, f.path("Environment").path("Variables").path("INDEX_NAME").asText());
    }

    @Test
    void s3RightsCoverTheAssetPrefixesOnly() {
        for (String role : new String[] {"RetentionRunnerRole", "ApiHandlerRole"}) {
            String policy = props(SynthesizedTemplate.only(resources, "AWS::IAM::Policy", role))
                    .path("PolicyDocument").toString();
            for (String action : new String[] {"s3:PutObjectTagging", "s3:RestoreObject", "s3:DeleteObjectVersion",
                    "s3:ListBucketVersions"}) {
                assertTrue(policy.contains(action), role + " lacks " + action);
            }
            assertTrue(policy.contains("/renditions/*") && policy.contains("/compare/*"), policy);
            assertFalse(policy.contains("\"s3:*\""), policy);
        }
    }
}
