package dam.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Library search (issue 8): the search-index function on the table's stream — an event source mapping filtered to
 * asset items ({@code ASSET#…}) and collection items ({@code COLLECTION#…}/{@code ITEM#…}), never the index's own
 * {@code SIDX#} writes — and {@code GET /search} on the API function, which reads the same index.
 */
public final class Search extends Construct {

    public static final String HANDLER = "dam.search.SearchIndexHandler::handleRequest";
    public static final String ROUTE = "GET /search";
    static final int BATCH_SIZE = 100;
    static final int RETRY_ATTEMPTS = 8;

    private final DamFunction function;

    public Search(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Api api) {
        super(scope, id);
        function = new DamFunction(this, "Indexer", stage,
                FunctionSpec.of(HANDLER, artifacts.jar("search-index"))
                        .memoryMb(1024) // not measured yet: a batch holds a few posting chunks (≤ 200 KB each)
                        .timeout(Duration.seconds(60))
                        .env("TABLE_NAME", data.table().getTableName()));
        data.grantReadWrite(function); // reads asset items, writes SIDX# index items; stream read comes with the mapping
        function.target().addEventSource(DynamoEventSource.Builder.create(data.table())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(1))
                .bisectBatchOnError(true)
                .retryAttempts(RETRY_ATTEMPTS)
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(function.deadLetterQueue()))
                .filters(List.of(
                        FilterCriteria.filter(Map.of("dynamodb", Map.of("Keys", Map.of(
                                "PK", Map.of("S", FilterRule.beginsWith("ASSET#")))))),
                        FilterCriteria.filter(Map.of("dynamodb", Map.of("Keys", collectionItemKeys())))))
                .build());
        api.addRoute(ROUTE, api.function().target(), true);
    }

    /** PK then SK, in that order: a deterministic template (Map.of's order changes between runs). */
    private static Map<String, Object> collectionItemKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("PK", Map.of("S", FilterRule.beginsWith("COLLECTION#")));
        keys.put("SK", Map.of("S", FilterRule.beginsWith("ITEM#")));
        return keys;
    }

    public DamFunction function() {
        return function;
    }
}
