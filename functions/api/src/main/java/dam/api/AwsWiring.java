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
    AssetService assetService() {
        return new AssetWiring(aws).assets;
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

    @Context
    SecuredBriefs securedBriefs() {
        BriefWiring wiring = new BriefWiring(aws);
        return new SecuredBriefs(wiring.briefs, wiring.comments, wiring.index);
    }
}
