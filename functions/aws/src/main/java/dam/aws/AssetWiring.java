package dam.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetService;
import dam.core.asset.AssetStorage;
import dam.core.asset.IngestRules;
import dam.core.asset.IngestService;
import dam.core.event.EventPublisher;
import dam.core.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.UUID;

/**
 * The asset services wired to AWS from the environment: TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET and
 * DERIVATIVES_BUCKET. Clients are built once per process.
 */
public final class AssetWiring {

    public final ObjectMapper json = Json.mapper();
    public final Clock clock = FunctionClock.fromEnvironment();
    public final IngestRules rules = IngestRules.defaults();
    public final EventPublisher events;
    public final AssetStorage storage;
    public final AssetService assets;
    public final IngestService ingest;
    public final String originalsBucket;
    public final String derivativesBucket;

    public AssetWiring(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        originalsBucket = aws.require("ORIGINALS_BUCKET");
        derivativesBucket = aws.require("DERIVATIVES_BUCKET");
        DynamoAssetRepository repo = new DynamoAssetRepository(db, table, json, clock);
        DynamoBriefRepository briefs = new DynamoBriefRepository(db, table, json, clock);
        events = new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json);
        storage = new S3AssetStorage(aws.s3(), aws.s3Presigner(), originalsBucket, derivativesBucket);
        assets = new AssetService(repo, storage, briefs, rules, clock, () -> UUID.randomUUID().toString());
        ingest = new IngestService(repo, new DynamoDuplicateIndex(db, table), storage, briefs, events, rules,
                clock);
    }
}
