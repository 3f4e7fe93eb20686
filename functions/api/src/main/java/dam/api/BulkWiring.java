package dam.api;

import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.FunctionClock;
import dam.aws.bulk.DynamoBulkJobStore;
import dam.aws.bulk.S3BulkFiles;
import dam.aws.bulk.SfnBulkStarter;
import dam.aws.library.DynamoLibraryStore;
import dam.core.bulk.BulkJobService;
import dam.core.json.Json;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.search.SearchService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Bulk jobs on AWS (TABLE_NAME, DERIVATIVES_BUCKET, BULK_STATE_MACHINE_ARN, optional BULK_CONCURRENCY = batches
 * rendered at once, default 4). Built on first use, so the other routes start without these settings.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class BulkWiring {

    private final AwsClients aws = new AwsClients();

    @Singleton
    BulkJobService bulkJobService(LibraryAccess access, RightsService rights, SearchService search) {
        String table = aws.require("TABLE_NAME");
        String bucket = aws.require("DERIVATIVES_BUCKET");
        var json = Json.mapper();
        var clock = FunctionClock.fromEnvironment();
        String concurrency = aws.optional("BULK_CONCURRENCY");
        return new BulkJobService(new DynamoAssetRepository(aws.dynamoDb(), table, json, clock),
                new DynamoLibraryStore(aws.dynamoDb(), table, json), access, rights, new SearchAssetFinder(search),
                new DynamoBulkJobStore(aws.dynamoDb(), table), new S3BulkFiles(aws.s3(), aws.s3Presigner(), bucket),
                new SfnBulkStarter(aws.sfn(), aws.require("BULK_STATE_MACHINE_ARN"), bucket,
                        concurrency == null ? 4 : Integer.parseInt(concurrency)), clock, json);
    }
}
