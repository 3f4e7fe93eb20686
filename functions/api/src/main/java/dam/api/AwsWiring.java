package dam.api;

import dam.aws.AssetWiring;
import dam.aws.AwsClients;
import dam.core.asset.AssetService;
import dam.aws.BriefWiring;
import dam.core.auth.SecuredBriefs;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;

/**
 * The services on AWS adapters, configured from the environment (TABLE_NAME, EVENT_BUS_NAME; optional reminder
 * settings, see {@link BriefWiring}). Built eagerly ({@link Context}) so the work happens in Lambda's init phase, and a
 * missing variable fails init with its name. Tests start the context in {@value #FAKES} and register in-memory
 * services instead.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class AwsWiring {

    static final String FAKES = "dam-fakes";

    /** One set of AWS clients (one HTTP client) for every service of the function. */
    private final AwsClients aws = new AwsClients();

    /** Asset uploads; needs ORIGINALS_BUCKET and DERIVATIVES_BUCKET (see {@link AssetWiring}). */
    @Context
    AssetService assetService(dam.core.library.LibraryAccess library) {
        return new AssetWiring(aws).assets.withScopedReaders((p, a) -> !p.collections().isEmpty()
                && library.decide(p, dam.core.library.Action.VIEW, a).allowed());
    }

    /** Collections and folders on the same table (TABLE_NAME). */
    @Context
    dam.core.collection.CollectionService collectionService() {
        String table = aws.require("TABLE_NAME");
        var json = dam.core.json.Json.mapper();
        var clock = dam.aws.FunctionClock.fromEnvironment();
        return new dam.core.collection.CollectionService(
                new dam.aws.DynamoCollectionRepository(aws.dynamoDb(), table, json),
                new dam.aws.DynamoAssetRepository(aws.dynamoDb(), table, json, clock), clock,
                () -> java.util.UUID.randomUUID().toString());
    }

    /**
     * Asset reviews for signed-in users (TABLE_NAME, EVENT_BUS_NAME, PUBLIC_BASE_URL): console decisions answer the
     * workflow's task like the mailed link does (states:SendTaskSuccess); the API sends no review mail and sets no
     * timers — the approval functions do.
     */
    @Context
    dam.core.review.SecuredReviews securedReviews() {
        return new ReviewWiring(aws).reviews;
    }

    /** The signed-in user's pending approval requests, from the reviewer index of the links (TABLE_NAME). */
    @Context
    dam.core.approval.PendingApprovals pendingApprovals() {
        return new dam.core.approval.PendingApprovals(new dam.aws.DynamoApprovalLinks(aws.dynamoDb(),
                aws.require("TABLE_NAME")), dam.aws.FunctionClock.fromEnvironment());
    }

    /** Version compare on the derivatives bucket (DERIVATIVES_BUCKET): renditions, diff results under compare/. */
    @Context
    dam.core.review.VersionCompare versionCompare(dam.core.review.SecuredReviews reviews) {
        return new dam.core.review.VersionCompare(reviews, new dam.aws.DynamoAssetRepository(aws.dynamoDb(),
                aws.require("TABLE_NAME"), dam.core.json.Json.mapper(), dam.aws.FunctionClock.fromEnvironment()),
                new S3CompareStorage(aws.s3(), aws.s3Presigner(), aws.require("DERIVATIVES_BUCKET")),
                new MediaPixelDiffer(new dam.media.VisualDiff()), dam.aws.FunctionClock.fromEnvironment());
    }

    /**
     * Library search on the bitmap index in the table (TABLE_NAME); cursors are signed with the index's shared key.
     * A pool of 9 reads the listings of one search's (default 8) counted facets and its sort buckets in one parallel
     * round, beside the postings.
     */
    @Context
    dam.core.search.SearchService searchService() {
        var store = new dam.search.DynamoPostingStore(aws.dynamoDb(), aws.require("TABLE_NAME"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(9, r -> {
            Thread t = new Thread(r, "search-listings");
            t.setDaemon(true);
            return t;
        });
        return new dam.core.search.SearchService(new dam.search.BitmapLibraryIndex(store,
                new dam.core.search.Cursors(store::cursorSecret), pool));
    }

    @Context
    SecuredBriefs securedBriefs() {
        BriefWiring wiring = new BriefWiring(aws);
        return new SecuredBriefs(wiring.briefs, wiring.comments, wiring.index);
    }
}
