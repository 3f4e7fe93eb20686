package dam.api;

import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.LambdaDerivativeRenderer;
import dam.aws.library.S3DownloadStorage;
import dam.core.json.Json;
import dam.core.library.DownloadService;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Downloads, rights, focal points and presets on AWS (TABLE_NAME, EVENT_BUS_NAME, ORIGINALS_BUCKET,
 * DERIVATIVES_BUCKET, RENDITION_FUNCTION = the rendition function's alias ARN). Built on first use, so the other
 * routes start without these settings.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class LibraryWiring {

    private final AwsClients aws = new AwsClients();
    private final java.time.Clock clock = FunctionClock.fromEnvironment();

    @Singleton
    RightsService rightsService() {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        return new RightsService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), LibraryAccess.brandLibrary(),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }

    @Singleton
    DownloadService downloadService(RightsService rights) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.builder()
                .socketTimeout(java.time.Duration.ofMinutes(3)).build()).build();
        return new DownloadService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), LibraryAccess.brandLibrary(), rights,
                new S3DownloadStorage(aws.s3(), aws.s3Presigner(), aws.require("ORIGINALS_BUCKET"),
                        aws.require("DERIVATIVES_BUCKET")),
                new LambdaDerivativeRenderer(lambda, aws.require("RENDITION_FUNCTION"), json),
                DownloadService.DEFAULT_FORMATS);
    }
}
