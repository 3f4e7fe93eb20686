package dam.rendition;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.AssetWiring;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.S3Files;
import dam.aws.bulk.DynamoBulkJobStore;
import dam.aws.bulk.S3BulkFiles;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.S3DownloadStorage;
import dam.aws.observe.Telemetry;
import dam.core.FieldError;
import dam.core.ValidationException;
import dam.core.bulk.BatchReads;
import dam.core.bulk.BulkFinisher;
import dam.core.bulk.BulkItem;
import dam.core.bulk.BulkJob;
import dam.core.bulk.BulkWorker;
import dam.core.bulk.ItemRenderer;
import dam.core.library.DerivativeRenderer;
import dam.core.library.DownloadService;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.media.ImageDecoder;
import dam.media.MediaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda: the steps of the {@code bulk-rendition} state machine (issue 8).
 * <ul>
 *   <li>{@code {op: batch, jobId, items:[{assetId, version, preset, format}]}} — one ItemBatcher batch: renders in
 *       this process (the same DerivativeStep as downloads, into the same cache) → {@code {rendered, failed,
 *       alreadyRecorded}};</li>
 *   <li>{@code {op: finish, jobId, completed, error?}} — result manifest + ZIP, status, completion event →
 *       {@code {jobId, status, total, done, failed, skipped}}.</li>
 * </ul>
 */
public final class BulkStepHandler implements RequestStreamHandler {

    static final String LANES_ENV = "BULK_LANES";
    private final Telemetry telemetry = new Telemetry("bulk-rendition");
    private final BulkWorker worker;
    private final BulkFinisher finisher;
    private final ObjectMapper json;

    public BulkStepHandler() {
        this(new AwsClients());
    }

    private BulkStepHandler(AwsClients aws) {
        this(new AssetWiring(aws), aws);
    }

    private BulkStepHandler(AssetWiring w, AwsClients aws) {
        this(worker(w, aws), new BulkFinisher(jobs(aws), files(w, aws), w.events, w.clock, w.json), w.json);
    }

    public BulkStepHandler(BulkWorker worker, BulkFinisher finisher, ObjectMapper json) {
        this.worker = worker;
        this.finisher = finisher;
        this.json = json;
    }

    private static DynamoBulkJobStore jobs(AwsClients aws) {
        return new DynamoBulkJobStore(aws.dynamoDb(), aws.require("TABLE_NAME"));
    }

    private static S3BulkFiles files(AssetWiring w, AwsClients aws) {
        return new S3BulkFiles(aws.s3(), aws.s3Presigner(), w.derivativesBucket);
    }

    /**
     * Items go through {@link DownloadService#deliver} (validation, cache key, cache check) with this process as
     * the renderer. Access was decided when the job was created — for its owner, who is not here — so the access
     * check must never be consulted; rights are checked again per item (read once per asset per batch). Each lane
     * has its own renderer chain (its own downloaded original, its own per-batch reads).
     */
    private static BulkWorker worker(AssetWiring w, AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        DynamoAssetRepository assets = new DynamoAssetRepository(aws.dynamoDb(), table, w.json, w.clock);
        DynamoLibraryStore library = new DynamoLibraryStore(aws.dynamoDb(), table, w.json);
        LibraryAccess checkedAtCreation = new LibraryAccess((p, a) -> {
            throw new IllegalStateException("bulk items were checked when their job was created");
        });
        S3DownloadStorage storage = new S3DownloadStorage(aws.s3(), aws.s3Presigner(), w.originalsBucket,
                w.derivativesBucket);
        RekognitionFaces faces = new RekognitionFaces(aws.rekognition());
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "dam-bulk");
        List<BatchReads> reads = new ArrayList<>();
        List<ItemRenderer> lanes = new ArrayList<>();
        for (int i = 0; i < lanes(); i++) {
            BatchReads cached = new BatchReads(assets, library);
            RightsService rights = new RightsService(cached.assets(), cached.library(), checkedAtCreation, w.events,
                    w.clock);
            S3Files originals = new S3Files(aws.s3(), work.resolve("originals-" + i));
            DerivativeStep step = new DerivativeStep(key -> originals.download(w.originalsBucket, key),
                    (key, file, type) -> originals.upload(w.derivativesBucket, key, file, type), cached.library(),
                    faces, new ImageDecoder(), work.resolve("out-" + i));
            DownloadService downloads = new DownloadService(cached.assets(), cached.library(), checkedAtCreation,
                    rights, storage, inProcess(step), DownloadService.DEFAULT_FORMATS);
            reads.add(cached);
            lanes.add(ItemRenderer.viaDownloads(cached.assets(), downloads, rights));
        }
        return new BulkWorker(jobs(aws), lanes, () -> reads.forEach(BatchReads::clear), w.events, w.clock);
    }

    /**
     * Lanes per batch: {@value #LANES_ENV} if set, else one per processor and at least two — an item spends much of
     * its time waiting on S3 and DynamoDB, which another lane's rendering fills.
     */
    static int lanes() {
        String set = System.getenv(LANES_ENV);
        if (set != null && !set.isBlank()) {
            int n = Integer.parseInt(set.strip());
            if (n < 1 || n > 16) {
                throw new IllegalArgumentException(LANES_ENV + " must be 1..16: " + set);
            }
            return n;
        }
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** The derivative step as the downloads' renderer: content it refuses fails the item, as a download's 400. */
    static DerivativeRenderer inProcess(DerivativeStep step) {
        return spec -> {
            try {
                return step.derive(spec);
            } catch (MediaException | IllegalArgumentException e) {
                throw new ValidationException(new FieldError(e instanceof MediaException ? "file" : "format",
                        FieldError.Codes.INVALID, e.getMessage()));
            }
        };
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode r = json.readTree(input);
        telemetry.run(context, r, log -> {
            output.write(json.writeValueAsBytes(handle(r)));
            return null;
        });
    }

    ObjectNode handle(JsonNode r) throws IOException {
        String jobId = r.path("jobId").asText("");
        if (jobId.isBlank()) {
            throw new IllegalArgumentException("a bulk step needs jobId");
        }
        ObjectNode out = json.createObjectNode();
        switch (r.path("op").asText("")) {
            case "batch" -> {
                List<BulkItem> items = new ArrayList<>();
                for (JsonNode item : r.path("items")) {
                    items.add(json.treeToValue(item, BulkItem.class));
                }
                BulkWorker.BatchResult result = worker.run(jobId, items);
                out.put("rendered", result.rendered());
                out.put("failed", result.failed());
                out.put("alreadyRecorded", result.alreadyRecorded());
            }
            case "finish" -> {
                JsonNode error = r.path("error");
                String cause = error.isMissingNode() || error.isNull() ? null
                        : error.isObject() ? error.path("Error").asText("") + ": " + error.path("Cause").asText("")
                        : error.asText();
                BulkJob job = finisher.finish(jobId, r.path("completed").asBoolean(false), cause);
                out.put("jobId", job.jobId());
                out.put("status", job.status().name());
                out.put("total", job.total());
                out.put("done", job.done());
                out.put("failed", job.failed());
                out.put("skipped", job.skipped());
            }
            default -> throw new IllegalArgumentException("unknown bulk op '" + r.path("op").asText() + "'");
        }
        return out;
    }
}
