package dam.expiry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.approval.DynamoReviewRepository;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.DynamoNotificationLedger;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.lifecycle.DynamoLifecycleStore;
import dam.aws.lifecycle.S3ArchiveStorage;
import dam.aws.observe.Telemetry;
import dam.core.json.Json;
import dam.core.library.AssetStanding;
import dam.core.library.LibraryAccess;
import dam.core.lifecycle.ArchiveService;
import dam.core.lifecycle.AssetLifecycle;
import dam.core.lifecycle.RetentionRunner;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The retention function (same jar as expiry): {@code Asset Approved}, {@code Asset Published} and
 * {@code Asset Expired} move the asset's retention clock ("last used"); the daily {@code Scheduled Event} runs every
 * brand's policy ({@link RetentionRunner}) and logs what it did. Per-asset failures are logged and reported; the run
 * fails (Lambda retries, then the DLQ) only when it could not run at all. Anything else throws.
 * Environment: TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET, DERIVATIVES_BUCKET, INDEX_NAME (GSI1).
 */
public final class RetentionHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(RetentionHandler.class.getName());
    static final Map<String, String> USE_TIMES = Map.of("Asset Approved", "approvedAt",
            "Asset Published", "publishedAt", "Asset Expired", "expiredAt");

    private final Telemetry telemetry = new Telemetry("retention");
    private final ArchiveService service;
    private final RetentionRunner runner;
    private final ObjectMapper json = Json.mapper();

    /** Lambda entry: adapters wired once per process. */
    public RetentionHandler() {
        this(new AwsClients(), FunctionClock.fromEnvironment());
    }

    private RetentionHandler(AwsClients aws, Clock clock) {
        this(service(aws, clock), new DynamoLifecycleStore(aws.dynamoDb(), aws.require("TABLE_NAME"),
                aws.require("INDEX_NAME"), Json.mapper()), clock);
    }

    RetentionHandler(ArchiveService service, dam.core.lifecycle.LifecycleStore store, Clock clock) {
        this.service = service;
        this.runner = new RetentionRunner(service, store, clock);
    }

    private static ArchiveService service(AwsClients aws, Clock clock) {
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        ObjectMapper json = Json.mapper();
        DynamoAssetRepository assets = new DynamoAssetRepository(db, table, json, clock);
        DynamoLifecycleStore store = new DynamoLifecycleStore(db, table, aws.require("INDEX_NAME"), json);
        DynamoPlacementStore placements = new DynamoPlacementStore(db, table, json);
        // The runner acts as the system and checks no caller; the access rule is the library's own all the same.
        LibraryAccess access = new LibraryAccess(new AssetStanding(assets, new DynamoReviewRepository(db, table, json),
                new DynamoBriefRepository(db, table, json, clock),
                id -> store.find(id).map(AssetLifecycle::archived).orElse(false), clock));
        return new ArchiveService(assets, store, new S3ArchiveStorage(aws.s3(), aws.require("ORIGINALS_BUCKET"),
                aws.require("DERIVATIVES_BUCKET")), access, id -> placements.placements(id).size(),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json),
                new DynamoNotificationLedger(db, table, clock), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Object handle(JsonNode event) {
        String type = event.path("detail-type").asText("");
        if (type.equals("Scheduled Event")) {
            RetentionRunner.Report r = runner.run();
            LOG.log(System.Logger.Level.INFO, "retention run: {0} brand(s), {1} candidate(s), {2} archived, "
                    + "{3} deleted, {4} kept, {5} failed", r.brands(), r.candidates(), r.archived(), r.deleted(),
                    r.kept(), r.failures().size());
            r.failures().forEach(f -> LOG.log(System.Logger.Level.ERROR, "retention of asset " + f.assetId()
                    + " failed: " + f.error()));
            return r;
        }
        String field = USE_TIMES.get(type);
        if (field != null) {
            JsonNode d = event.path("detail");
            String assetId = d.path("assetId").asText("");
            if (assetId.isEmpty()) {
                throw new IllegalArgumentException(type + " without assetId");
            }
            Instant at;
            try {
                at = Instant.parse(d.path(field).asText(""));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(type + " without a valid " + field, e);
            }
            service.used(assetId, at);
            return Map.of("assetId", assetId, "lastUsed", at.toString());
        }
        throw new IllegalArgumentException("not a use of an asset or the daily run: "
                + (type.isEmpty() ? "no detail-type" : type));
    }
}
