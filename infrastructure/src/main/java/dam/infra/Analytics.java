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
 * Analytics and reports (issue 10): the analytics function on the table's stream — filtered to the records it counts:
 * inserted uses ({@code USE#}), asset items ({@code ASSET#}: catalogue, versions, share-link audit entries,
 * placements, review), changed approval links ({@code LINK#}) and changed briefs ({@code BRIEF#…/META}) — folding them
 * into {@code AN#} aggregate items; and {@code GET /reports/{name}} on the API function, which reads them.
 * A second mapping on the same stream rather than EventBridge events: every fact it counts is already a table write
 * (the API adds one small {@code USE#} item per use), batches of 100 cost one invocation, and nothing is lost if the
 * function is down — the stream keeps 24 h.
 */
public final class Analytics extends Construct {

    public static final String HANDLER = "dam.analytics.AnalyticsHandler::handleRequest";
    public static final String ROUTE = "GET /reports/{name}";
    static final int BATCH_SIZE = 100;
    static final int RETRY_ATTEMPTS = 8;
    /** Aggregates trail a use by at most this batching window plus one invocation (seconds on the local cloud). */
    static final Duration BATCHING_WINDOW = Duration.seconds(1);

    private final DamFunction function;

    public Analytics(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Api api) {
        super(scope, id);
        function = new DamFunction(this, "Aggregator", stage,
                FunctionSpec.of(HANDLER, artifacts.jar("analytics"))
                        .memoryMb(512) // a batch is at most 100 small records and one transaction per fact
                        .timeout(Duration.seconds(60))
                        .env("TABLE_NAME", data.table().getTableName()));
        data.grantReadWrite(function); // reads asset/brief items, writes AN# aggregates; stream read comes with the mapping
        function.target().addEventSource(DynamoEventSource.Builder.create(data.table())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(BATCHING_WINDOW)
                .bisectBatchOnError(true)
                .retryAttempts(RETRY_ATTEMPTS)
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(function.deadLetterQueue()))
                .filters(List.of(
                        FilterCriteria.filter(record("INSERT", keys("USE#", null))),
                        FilterCriteria.filter(record(null, keys("ASSET#", null))),
                        FilterCriteria.filter(record("MODIFY", keys("LINK#", null))),
                        FilterCriteria.filter(record("MODIFY", keys("BRIEF#", "META")))))
                .build());
        api.addRoute(ROUTE, api.function().target(), true);
    }

    /** Deterministic key order (Map.of's order changes between runs, and the template must not). */
    private static Map<String, Object> record(String eventName, Map<String, Object> keys) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        if (eventName != null) {
            pattern.put("eventName", FilterRule.isEqual(eventName));
        }
        pattern.put("dynamodb", Map.of("Keys", keys));
        return pattern;
    }

    private static Map<String, Object> keys(String pkPrefix, String sk) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("PK", Map.of("S", FilterRule.beginsWith(pkPrefix)));
        if (sk != null) {
            keys.put("SK", Map.of("S", FilterRule.isEqual(sk)));
        }
        return keys;
    }

    public DamFunction function() {
        return function;
    }
}
