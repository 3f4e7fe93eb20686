package dam.api;

import dam.approval.DynamoReviewRepository;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.launch.DynamoPlacementStore;
import dam.core.json.Json;
import dam.core.launch.PlacementService;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Placements and webhook targets on AWS (TABLE_NAME, EVENT_BUS_NAME); built on first use. */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class LaunchWiring {

    @Singleton
    PlacementService placementService(RightsService rights, LibraryAccess access) {
        AwsClients aws = new AwsClients();
        java.time.Clock clock = FunctionClock.fromEnvironment();
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        // The library's real access (review outcome, rights, T-0 expiry): drafts and expired assets are not placed.
        return new PlacementService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoReviewRepository(aws.dynamoDb(), table, json), rights, access,
                new DynamoPlacementStore(aws.dynamoDb(), table, json),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }
}
