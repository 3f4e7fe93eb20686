package dam.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.approval.DynamoReviewRepository;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.DynamoNotificationLedger;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.DynamoShareStore;
import dam.core.event.EventPublisher;
import dam.core.json.Json;
import dam.core.launch.PlacementService;
import dam.core.launch.ReapprovalService;
import dam.core.library.AssetStanding;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.share.ShareRevocations;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * The launch function's adapters from the environment: TABLE_NAME, EVENT_BUS_NAME, PLACEMENT_INDEX (GSI1: the
 * re-approval index), REVIEW_STATE_MACHINE_ARN (the asset-review machine that runs re-approval rounds).
 */
final class LaunchWiring {

    final ObjectMapper json = Json.mapper();
    final Clock clock = FunctionClock.fromEnvironment();
    final EventPublisher events;
    final PlacementService placements;
    final ShareRevocations shares;
    final ReapprovalSweep reapprovals;

    LaunchWiring(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        DynamoDbClient db = aws.dynamoDb();
        events = new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json);
        DynamoAssetRepository assets = new DynamoAssetRepository(db, table, json, clock);
        DynamoReviewRepository reviews = new DynamoReviewRepository(db, table, json);
        LibraryAccess access = new LibraryAccess(new AssetStanding(assets, reviews,
                new DynamoBriefRepository(db, table, json, clock), clock));
        DynamoPlacementStore store = new DynamoPlacementStore(db, table, json);
        placements = new PlacementService(assets, reviews, new RightsService(assets,
                new DynamoLibraryStore(db, table, json), access, events, clock), access, store, events, clock);
        shares = new ShareRevocations(assets, new DynamoShareStore(db, table, json), events, clock);
        reapprovals = new ReapprovalSweep(db, table, aws.require("PLACEMENT_INDEX"), new ReapprovalService(assets,
                store, new SfnReapprovalRounds(aws.sfn(), aws.require("REVIEW_STATE_MACHINE_ARN"), json), events,
                new DynamoNotificationLedger(db, table, clock), clock), clock);
    }
}
