package dam.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.observe.Telemetry;
import dam.aws.observe.Metrics;
import dam.aws.AssetWiring;
import dam.aws.AwsClients;
import dam.aws.RekognitionTagger;
import dam.aws.S3Files;
import dam.core.asset.IngestService;
import dam.core.asset.StepResult;
import dam.media.ImageDecoder;
import dam.media.MediaLimits;
import dam.media.Metadata;
import dam.media.PerceptualHash;
import dam.media.Renditions;
import dam.media.Sniffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Lambda for the asset-ingest state machine's steps (statemachines/asset-ingest.asl.json): the payload's {@code step}
 * names the step; every step answers {@code {assetId, version, proceed, state, reasons}} (all keys always present, so
 * the state machine's JSONPaths never miss). Thin: parse → {@link IngestSteps} / {@link IngestService} → map.
 */
public final class IngestStepHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("upload-tagging");

    private static final System.Logger LOG = System.getLogger(IngestStepHandler.class.getName());

    private final IngestService ingest;
    private final IngestSteps steps;
    private final ObjectMapper json;

    /** Lambda entry: wires the AWS adapters and the media library once per process. */
    public IngestStepHandler() {
        this(new AwsClients());
    }

    private IngestStepHandler(AwsClients aws) {
        this(new AssetWiring(aws), aws);
    }

    private IngestStepHandler(AssetWiring w, AwsClients aws) {
        this(w.ingest, steps(w, aws), w.json);
    }

    public IngestStepHandler(IngestService ingest, IngestSteps steps, ObjectMapper json) {
        this.ingest = ingest;
        this.steps = steps;
        this.json = json;
    }

    private static IngestSteps steps(AssetWiring w, AwsClients aws) {
        S3Files files = new S3Files(aws.s3(), Path.of(System.getProperty("java.io.tmpdir"), "dam-ingest"));
        MediaLimits limits = new MediaLimits(w.rules.limits().maxPixels(), MediaLimits.DEFAULT.maxSide(),
                MediaLimits.DEFAULT.maxCompressionRatio(), MediaLimits.DEFAULT.ratioThreshold(),
                MediaLimits.DEFAULT.maxInflatedBytes(), MediaLimits.DEFAULT.maxEntries(),
                MediaLimits.DEFAULT.maxNesting());
        ImageDecoder decoder = new ImageDecoder(limits);
        Renditions renditions = new Renditions(decoder, 1.0);
        return new IngestSteps(w.ingest, key -> files.download(w.originalsBucket, key),
                new Sniffer(limits, Sniffer.DEFAULT_ALLOWED), new Metadata(decoder), new PerceptualHash(renditions),
                renditions, new RekognitionTagger(aws.rekognition()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = json.readTree(input);
        StepResult result = telemetry.run(context, request, log -> {
            StepResult r = handle(request);
            if (!r.proceed() || "complete".equals(request.path("step").asText())) {
                log.info("ingest finished", "step", request.path("step").asText(), "state", r.state());
                switch (r.state()) {
                    case "ready" -> log.count(Metrics.VERSIONS_INGESTED);
                    case "rejected", "quarantined" -> log.count(Metrics.VERSIONS_REJECTED);
                    default -> { } // e.g. a duplicate delivery that found the version already settled
                }
            }
            return r;
        });
        output.write(json.writeValueAsBytes(answer(result)));
    }

    StepResult handle(JsonNode r) {
        String step = required(r, "step");
        String execution = required(r, "execution");
        if (step.equals("begin")) {
            return ingest.begin(required(r, "key"), execution);
        }
        if (step.equals("beginFailed")) {
            return ingest.beginFailed(required(r, "key"), execution, r.path("error").asText("unknown"),
                    r.path("cause").asText(null));
        }
        String assetId = required(r, "assetId");
        int version = r.path("version").asInt(0);
        if (version < 1) {
            throw new IllegalArgumentException("step " + step + " needs a version >= 1");
        }
        StepResult result = switch (step) {
            case "sniff" -> steps.sniff(assetId, version, execution);
            case "metadata" -> steps.metadata(assetId, version, execution);
            case "quality" -> ingest.checkQuality(assetId, version, execution);
            case "tags" -> steps.tags(assetId, version, execution);
            case "tagsUnavailable" -> ingest.tagsUnavailable(assetId, version, execution,
                    r.path("error").asText("unknown error"));
            case "duplicates" -> ingest.findDuplicates(assetId, version, execution);
            case "naming" -> ingest.applyNaming(assetId, version, execution);
            case "complete" -> ingest.complete(assetId, version, execution);
            case "quarantine" -> ingest.quarantine(assetId, version, execution, r.path("error").asText("unknown"),
                    r.path("cause").asText(null));
            default -> throw new IllegalArgumentException("unknown ingest step '" + step + "'");
        };
        LOG.log(System.Logger.Level.INFO, "step {0} of {1}/v{2}: proceed={3} state={4}", step, assetId, version,
                result.proceed(), result.state());
        return result;
    }

    private ObjectNode answer(StepResult r) {
        ObjectNode out = json.createObjectNode();
        out.put("assetId", r.assetId());
        out.put("version", r.version());
        out.put("proceed", r.proceed());
        out.put("state", r.state());
        out.set("reasons", json.valueToTree(r.reasons()));
        return out;
    }

    private static String required(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("the step payload needs '" + field + "'");
        }
        return v.asText();
    }
}
