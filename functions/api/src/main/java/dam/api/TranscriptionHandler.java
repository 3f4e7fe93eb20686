package dam.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.library.DynamoCaptionStore;
import dam.aws.library.S3CaptionFiles;
import dam.core.captions.CaptionService;
import dam.core.captions.CaptionTrack;
import dam.core.captions.Transcriber;
import dam.core.json.Json;
import dam.core.library.LibraryAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The completion of "generate captions" (a separate function from the API jar, on the default bus's
 * {@code Transcribe Job State Change} events for jobs named {@code dam-cap-*}): a COMPLETED job's WebVTT becomes the
 * caption track of its language, a FAILED one is recorded with its reason. Anything that is not such an event throws,
 * so it lands in the function's DLQ instead of vanishing.
 */
public final class TranscriptionHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(TranscriptionHandler.class.getName());

    private final CaptionService captions;
    private final ObjectMapper json;

    /** Lambda entry: TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET. */
    public TranscriptionHandler() {
        this(wire(new AwsClients()), Json.mapper());
    }

    public TranscriptionHandler(CaptionService captions, ObjectMapper json) {
        this.captions = captions;
        this.json = json;
    }

    private static CaptionService wire(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        var clock = FunctionClock.fromEnvironment();
        Transcriber none = job -> {
            throw new IllegalStateException("the completion handler starts no transcription jobs");
        };
        // Only completions arrive here; no caller's permissions are checked (the job's requester was checked).
        LibraryAccess unused = new LibraryAccess((p, a) -> {
            throw new IllegalStateException("the completion handler serves no callers");
        });
        return new CaptionService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoCaptionStore(aws.dynamoDb(), table, json),
                new S3CaptionFiles(aws.s3(), aws.require("ORIGINALS_BUCKET")), none, unused,
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(json.writeValueAsBytes(handle(json.readTree(input))));
    }

    Map<String, Object> handle(JsonNode event) {
        if (!"Transcribe Job State Change".equals(event.path("detail-type").asText())) {
            throw new IllegalArgumentException("not a Transcribe Job State Change: "
                    + event.path("detail-type").asText("no detail-type"));
        }
        String job = event.path("detail").path("TranscriptionJobName").asText("");
        String status = event.path("detail").path("TranscriptionJobStatus").asText("");
        if (job.isEmpty() || !(status.equals("COMPLETED") || status.equals("FAILED"))) {
            throw new IllegalArgumentException("a job state change needs TranscriptionJobName and a final status, "
                    + "got '" + job + "' " + status);
        }
        Optional<CaptionTrack> stored = captions.completeTranscription(job, status.equals("COMPLETED"),
                event.path("detail").path("FailureReason").asText(null));
        LOG.log(System.Logger.Level.INFO, "transcription {0} {1}: {2}", job, status,
                stored.map(t -> "stored " + t.lang() + " (" + t.cues() + " cues)").orElse("nothing stored"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job);
        out.put("status", status);
        out.put("stored", stored.map(CaptionTrack::lang).orElse(null));
        return out;
    }
}
