package dam.api;

import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoNotificationLedger;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.launch.DynamoPlacementStore;
import dam.aws.lifecycle.DynamoLifecycleStore;
import dam.aws.lifecycle.S3ArchiveStorage;
import dam.core.json.Json;
import dam.core.library.LibraryAccess;
import dam.core.lifecycle.ArchiveService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Archiving, legal holds, deletion and retention policies on AWS (TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET,
 * DERIVATIVES_BUCKET); built on first use.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class ArchiveWiring {

    /** The table's one GSI (Data.GSI1): the retention clock lives on it. */
    static final String INDEX = "GSI1";

    @Singleton
    ArchiveService archiveService(LibraryAccess access) {
        AwsClients aws = new AwsClients();
        java.time.Clock clock = FunctionClock.fromEnvironment();
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        return new ArchiveService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLifecycleStore(aws.dynamoDb(), table, INDEX, json),
                new S3ArchiveStorage(aws.s3(), aws.require("ORIGINALS_BUCKET"), aws.require("DERIVATIVES_BUCKET")),
                access, id -> new DynamoPlacementStore(aws.dynamoDb(), table, json).placements(id).size(),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json),
                new DynamoNotificationLedger(aws.dynamoDb(), table, clock), clock);
    }
}
