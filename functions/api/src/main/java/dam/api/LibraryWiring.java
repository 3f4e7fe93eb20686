package dam.api;

import dam.approval.DynamoReviewRepository;
import dam.aws.AwsClients;
import dam.aws.DynamoBriefRepository;
import dam.aws.DynamoCollectionRepository;
import dam.aws.DynamoAssetRepository;
import dam.aws.EventBridgePublisher;
import dam.aws.FunctionClock;
import dam.aws.library.DynamoLibraryStore;
import dam.aws.library.DynamoShareStore;
import dam.aws.library.S3LambdaVersionFiles;
import dam.aws.library.LambdaDerivativeRenderer;
import dam.aws.library.S3DownloadStorage;
import dam.core.json.Json;
import dam.core.library.AssetStanding;
import dam.core.library.DownloadService;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.VersionService;
import dam.core.library.share.SharePasswords;
import dam.core.library.share.ShareService;
import dam.core.library.share.ShareTokens;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.security.SecureRandom;

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

    /** Visibility from the asset's review (approved → library; drafts and reviews → brief team) and archiving. */
    @Singleton
    LibraryAccess libraryAccess() {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        var lifecycle = new dam.aws.lifecycle.DynamoLifecycleStore(aws.dynamoDb(), table, ArchiveWiring.INDEX, json);
        return new LibraryAccess(new AssetStanding(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoReviewRepository(aws.dynamoDb(), table, json),
                new DynamoBriefRepository(aws.dynamoDb(), table, json, clock),
                id -> lifecycle.find(id).map(dam.core.lifecycle.AssetLifecycle::archived).orElse(false),
                new dam.aws.DynamoCollectionRepository(aws.dynamoDb(), table, json)::contains, clock));
    }

    @Singleton
    RightsService rightsService(LibraryAccess access) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        return new RightsService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), access,
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock);
    }

    @Singleton
    S3DownloadStorage downloadStorage() {
        return new S3DownloadStorage(aws.s3(), aws.s3Presigner(), aws.require("ORIGINALS_BUCKET"),
                aws.require("DERIVATIVES_BUCKET"));
    }

    /**
     * Share links: signed with the key kept in the table ({@code SHARE#KEY}, created once — see DynamoShareStore);
     * link URLs start with PUBLIC_BASE_URL.
     */
    @Singleton
    ShareService shareService(RightsService rights, DownloadService downloads, LibraryAccess access,
                              S3DownloadStorage storage) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        DynamoShareStore store = new DynamoShareStore(aws.dynamoDb(), table, json);
        SecureRandom random = new SecureRandom();
        return new ShareService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoCollectionRepository(aws.dynamoDb(), table, json), store, access, rights, downloads,
                storage, new DynamoLibraryStore(aws.dynamoDb(), table, json),
                new EventBridgePublisher(aws.eventBridge(), aws.require("EVENT_BUS_NAME"), json), clock,
                new ShareTokens(store::signingKey, random),
                new SharePasswords(SharePasswords.DEFAULT_ITERATIONS, random), aws.require("PUBLIC_BASE_URL"));
    }

    /** Revert (S3 CopyObject in ORIGINALS_BUCKET) and edits (the rendition function, op edit). */
    @Singleton
    VersionService versionService(LibraryAccess access) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        return new VersionService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), access,
                new S3LambdaVersionFiles(aws.s3(), aws.require("ORIGINALS_BUCKET"), lambda(),
                        aws.require("RENDITION_FUNCTION"), json), clock);
    }

    /** Synchronous invokes of the rendition function may take minutes on big files. */
    private LambdaClient lambda() {
        return LambdaClient.builder().httpClient(UrlConnectionHttpClient.builder()
                .socketTimeout(java.time.Duration.ofMinutes(3)).build()).build();
    }

    @Singleton
    DownloadService downloadService(RightsService rights, LibraryAccess access, S3DownloadStorage storage) {
        String table = aws.require("TABLE_NAME");
        var json = Json.mapper();
        LambdaClient lambda = lambda();
        return new DownloadService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), access, rights,
                storage,
                new LambdaDerivativeRenderer(lambda, aws.require("RENDITION_FUNCTION"), json),
                DownloadService.DEFAULT_FORMATS);
    }
}
