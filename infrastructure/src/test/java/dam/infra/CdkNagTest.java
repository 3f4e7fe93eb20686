package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.BlockPublicAccessOptions;
import software.amazon.awscdk.services.s3.Bucket;

/** cdk-nag AwsSolutions on the whole app: every finding must be fixed or suppressed with a specific reason. */
class CdkNagTest {

    @TempDir
    Path repo;

    @Test
    void damStackHasNoUnsuppressedAwsSolutionsFindings() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        DamStack stack = DamApp.stack(app, artifacts);
        List<String> findings = awsSolutionsFindings(app, stack);
        findings.forEach(f -> System.out.println("cdk-nag: " + f));
        // logIgnores reports each suppressed finding as info: list them so the suppressions stay visible.
        List<SynthesisMessage> suppressed = Annotations.fromStack(stack)
                .findInfo("*", Match.stringLikeRegexp(".*was triggered but suppressed.*"));
        suppressed.forEach(m -> System.out.println("cdk-nag suppressed: " + m.getId() + ": "
                + firstLine(m.getEntry().getData())));
        System.out.println("cdk-nag suppressed findings: " + suppressed.size());
        System.out.println("cdk-nag AwsSolutions unsuppressed findings: " + findings.size());
        assertEquals(List.of(), findings);
    }

    @Test
    void aPublicBucketIsReported() {
        App app = new App();
        Stack scratch = new Stack(app, "Scratch");
        Bucket.Builder.create(scratch, "Public")
                .blockPublicAccess(new BlockPublicAccess(BlockPublicAccessOptions.builder()
                        .blockPublicAcls(false).blockPublicPolicy(false)
                        .ignorePublicAcls(false).restrictPublicBuckets(false).build()))
                .publicReadAccess(true)
                .build();
        List<String> findings = awsSolutionsFindings(app, scratch);
        assertTrue(findings.stream().anyMatch(f -> f.contains("/Scratch/Public/") && f.contains("AwsSolutions-S2")),
                () -> "expected AwsSolutions-S2 for the public bucket, got " + findings);
    }

    /** Applies the checks, synthesizes, and returns "path: message" for every AwsSolutions error and warning. */
    static List<String> awsSolutionsFindings(App app, Stack stack) {
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().logIgnores(true).build());
        Annotations annotations = Annotations.fromStack(stack);
        List<String> findings = new ArrayList<>();
        for (List<SynthesisMessage> messages : List.of(
                annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
                annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))) {
            for (SynthesisMessage message : messages) {
                findings.add(message.getId() + ": " + firstLine(message.getEntry().getData()));
            }
        }
        return findings;
    }

    private static String firstLine(Object data) {
        String text = String.valueOf(data);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
