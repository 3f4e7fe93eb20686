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
 * Captions (issue 9): the API may start Transcribe jobs named dam-cap-* only and delete caption files only; the
 * completion function (API jar) gets our jobs' final states from the default bus and touches caption keys only.
 */
class CaptionsTemplateTest {

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
    void theApiStartsOnlyItsOwnJobsAndKnowsTheBucket() {
        String api = SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "ApiHandler");
        assertTrue(props(api).path("Environment").path("Variables").has("ORIGINALS_BUCKET"));
        String policy = props(SynthesizedTemplate.only(resources, "AWS::IAM::Policy", "ApiHandlerRole"))
                .path("PolicyDocument").toString();
        assertTrue(policy.contains("transcribe:StartTranscriptionJob")
                && policy.contains(":transcription-job/" + Captions.JOB_PREFIX + "*"), policy);
        assertFalse(policy.contains("\"transcribe:*\""), policy);
    }

    @Test
    void completionsOfOurJobsReachTheCompletionFunctionFromTheDefaultBus() {
        String fn = SynthesizedTemplate.only(resources, "AWS::Lambda::Function", "CaptionsCompletion");
        assertEquals(Captions.HANDLER, props(fn).path("Handler").asText());
        JsonNode rule = props(SynthesizedTemplate.only(resources, "AWS::Events::Rule", "CaptionsTranscribeDone"));
        assertTrue(rule.path("EventBusName").isMissingNode(), "AWS service events arrive on the default bus");
        JsonNode pattern = rule.path("EventPattern");
        assertEquals("aws.transcribe", pattern.path("source").get(0).asText());
        assertEquals("Transcribe Job State Change", pattern.path("detail-type").get(0).asText());
        assertEquals(Captions.JOB_PREFIX, pattern.path("detail").path("TranscriptionJobName").get(0).path("prefix")
                .asText());
        assertTrue(rule.path("Targets").get(0).path("Arn").path("Ref").asText().startsWith("CaptionsCompletion"));
        String policy = props(SynthesizedTemplate.only(resources, "AWS::IAM::Policy", "CaptionsCompletion"))
                .path("PolicyDocument").toString();
        assertTrue(policy.contains("/" + Captions.CAPTIONS_KEYS), policy);
    }
}
