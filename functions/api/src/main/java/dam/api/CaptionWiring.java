package dam.api;

import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.library.DynamoCaptionStore;
import dam.aws.library.DynamoUsageTermStore;
import dam.aws.library.S3CaptionFiles;
import dam.core.captions.CaptionService;
import dam.core.json.Json;
import dam.core.library.LibraryAccess;
import dam.core.lifecycle.UsageTermService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.transcribe.TranscribeClient;

/**
 * Captions and talent/offer terms on AWS (TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET). Built on first use, so the
 * other routes start without these settings.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class CaptionWiring {

    private final AwsClients aws = new AwsClients();
    private final java.time.Clock clock = FunctionClock.fromEnvironment();

    @Singleton
    CaptionService captionService(LibraryAccess access) {
        String table = aws.require("TABLE_NAME");
        String originals = aws.require("ORIGINALS_BUCKET");
        var json = Json.mapper();
        return new CaptionService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoCaptionStore(aws.dynamoDb(), table, json), new S3CaptionFiles(aws.s3(), originals),
                new TranscribeTranscriber(TranscribeClient.builder().httpClient(UrlConnectionHttpClient.create())
                        .build(), originals), access,
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }

    @Singleton
    UsageTermService usageTermService(LibraryAccess access) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        return new UsageTermService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoUsageTermStore(aws.dynamoDb(), table, json), access,
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }
}
