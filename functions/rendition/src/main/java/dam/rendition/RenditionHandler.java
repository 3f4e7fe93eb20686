package dam.rendition;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.observe.Telemetry;
import dam.aws.AssetWiring;
import dam.aws.AwsClients;
import dam.aws.S3Files;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.LambdaDerivativeRenderer;
import dam.aws.library.S3LambdaVersionFiles;
import dam.core.asset.StepResult;
import dam.core.library.DerivativeSpec;
import dam.core.library.EditSpec;
import dam.core.library.Focal;
import dam.media.MediaException;
import dam.media.ImageDecoder;
import dam.media.MediaLimits;
import dam.media.Renditions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Lambda: the renditions branch of asset-ingest. Payload {@code {assetId, version, execution}}; answers like the
 * other ingest steps ({@code {assetId, version, proceed, state, reasons}}).
 */
public final class RenditionHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("rendition");

    private final RenditionStep step;
    private final DerivativeStep derive;
    private final EditStep edits;
    private final ObjectMapper json;

    public RenditionHandler() {
        this(new AwsClients());
    }

    private RenditionHandler(AwsClients aws) {
        this(new AssetWiring(aws), aws);
    }

    private RenditionHandler(AssetWiring w, AwsClients aws) {
        this(step(w, aws), derive(w, aws), edits(w, aws), w.json);
    }

    public RenditionHandler(RenditionStep step, ObjectMapper json) {
        this(step, null, json);
    }

    /** @param derive downloads' derivatives ({@code op: derive}); null = this handler does ingest renditions only */
    public RenditionHandler(RenditionStep step, DerivativeStep derive, ObjectMapper json) {
        this(step, derive, null, json);
    }

    /** @param edits non-destructive edits into a new version's original ({@code op: edit}); null = none */
    public RenditionHandler(RenditionStep step, DerivativeStep derive, EditStep edits, ObjectMapper json) {
        this.step = step;
        this.edits = edits;
        this.derive = derive;
        this.json = json;
    }

    private static DerivativeStep derive(AssetWiring w, AwsClients aws) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "dam-derive");
        S3Files files = new S3Files(aws.s3(), work.resolve("originals"));
        return new DerivativeStep(key -> files.download(w.originalsBucket, key),
                (key, file, type) -> files.upload(w.derivativesBucket, key, file, type),
                new DynamoLibraryStore(aws.dynamoDb(), aws.require("TABLE_NAME"), w.json),
                new RekognitionFaces(aws.rekognition()), new ImageDecoder(), work.resolve("out"));
    }

    private static EditStep edits(AssetWiring w, AwsClients aws) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "dam-edit");
        S3Files files = new S3Files(aws.s3(), work.resolve("originals"));
        MediaLimits d = MediaLimits.DEFAULT;
        ImageDecoder decoder = new ImageDecoder(new MediaLimits(w.rules.limits().maxPixels(), d.maxSide(),
                d.maxCompressionRatio(), d.ratioThreshold(), d.maxInflatedBytes(), d.maxEntries(), d.maxNesting()));
        return new EditStep(key -> files.download(w.originalsBucket, key),
                (key, file, type) -> files.upload(w.originalsBucket, key, file, type), new Renditions(decoder, 1.0),
                d.maxSide(), work.resolve("out"));
    }

    private static RenditionStep step(AssetWiring w, AwsClients aws) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "dam-rendition");
        S3Files files = new S3Files(aws.s3(), work.resolve("originals"));
        MediaLimits d = MediaLimits.DEFAULT;
        ImageDecoder decoder = new ImageDecoder(new MediaLimits(w.rules.limits().maxPixels(), d.maxSide(),
                d.maxCompressionRatio(), d.ratioThreshold(), d.maxInflatedBytes(), d.maxEntries(), d.maxNesting()));
        return new RenditionStep(w.ingest, key -> files.download(w.originalsBucket, key),
                (key, file, type) -> files.upload(w.derivativesBucket, key, file, type),
                new Renditions(decoder, 1.0), work.resolve("out"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode r = json.readTree(input);
        telemetry.run(context, r, log -> {
            render(r, output);
            return null;
        });
    }

    private void render(JsonNode r, OutputStream output) throws IOException {
        if (r.has("op")) {
            output.write(json.writeValueAsBytes(S3LambdaVersionFiles.OP.equals(r.path("op").asText()) ? edit(r)
                    : derive(r)));
            return;
        }
        String assetId = r.path("assetId").asText("");
        String execution = r.path("execution").asText("");
        int version = r.path("version").asInt(0);
        if (assetId.isBlank() || execution.isBlank() || version < 1) {
            throw new IllegalArgumentException("the rendition payload needs assetId, version >= 1 and execution");
        }
        StepResult result = step.render(assetId, version, execution);
        ObjectNode out = json.createObjectNode();
        out.put("assetId", result.assetId());
        out.put("version", result.version());
        out.put("proceed", result.proceed());
        out.put("state", result.state());
        out.set("reasons", json.valueToTree(result.reasons()));
        output.write(json.writeValueAsBytes(out));
    }

    /**
     * {@code {op: derive, spec}} → {@code {ok: true, focal}}, or {@code {ok: false, field, message}} for content or
     * a request the media library refuses (the API answers 400 with the message); anything else fails the invoke.
     */
    ObjectNode derive(JsonNode r) throws IOException {
        if (!LambdaDerivativeRenderer.OP.equals(r.path("op").asText()) || derive == null) {
            throw new IllegalArgumentException("unknown op '" + r.path("op").asText() + "'");
        }
        DerivativeSpec spec = json.treeToValue(r.path("spec"), DerivativeSpec.class);
        ObjectNode out = json.createObjectNode();
        try {
            Focal focal = derive.derive(spec);
            out.put("ok", true);
            out.put("key", spec.key());
            if (focal != null) {
                out.set("focal", json.valueToTree(focal));
            }
        } catch (MediaException | IllegalArgumentException e) {
            System.getLogger(RenditionHandler.class.getName()).log(System.Logger.Level.INFO,
                    "derive refused " + spec.key() + ": " + e.getMessage());
            out.put("ok", false);
            out.put("field", e instanceof MediaException ? "file" : "format");
            out.put("message", e.getMessage());
        }
        return out;
    }

    /** {@code {op: edit, spec}} → {@code {ok: true, key}}, or {@code {ok: false, field, message}} for what it refuses. */
    ObjectNode edit(JsonNode r) throws IOException {
        if (edits == null) {
            throw new IllegalArgumentException("this handler makes no edits");
        }
        EditSpec spec = json.treeToValue(r.path("spec"), EditSpec.class);
        ObjectNode out = json.createObjectNode();
        try {
            edits.edit(spec);
            out.put("ok", true);
            out.put("key", spec.targetKey());
        } catch (MediaException | IllegalArgumentException e) {
            System.getLogger(RenditionHandler.class.getName()).log(System.Logger.Level.INFO,
                    "edit refused " + spec.targetKey() + ": " + e.getMessage());
            out.put("ok", false);
            out.put("field", e instanceof MediaException ? "file" : "recipe");
            out.put("message", e.getMessage());
        }
        return out;
    }
}
