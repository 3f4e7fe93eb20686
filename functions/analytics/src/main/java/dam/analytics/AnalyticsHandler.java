package dam.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.AwsClients;
import dam.aws.DynamoAssetRepository;
import dam.aws.FunctionClock;
import dam.core.analytics.Aggregator;
import dam.core.analytics.Fact;
import dam.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda on the table's stream (event source mapping filtered to usage, asset, link and brief items): turns each
 * record into facts ({@link StreamFacts}) and folds them into the aggregates ({@link Aggregator}), once per fact id.
 * Records are handled in order; at the first failure the rest of the batch is reported as failed from that record
 * (ReportBatchItemFailures), so it is retried — facts already applied before it are skipped as duplicates.
 */
public final class AnalyticsHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(AnalyticsHandler.class.getName());

    private final Aggregator aggregator;
    private final StreamFacts facts;
    private final ObjectMapper json;

    /** Lambda entry: adapters wired once per process from the environment (TABLE_NAME). */
    public AnalyticsHandler() {
        this(wire(new AwsClients()));
    }

    private static Aggregator wire(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        Clock clock = FunctionClock.fromEnvironment();
        return new Aggregator(new DynamoAnalyticsStore(aws.dynamoDb(), table, clock), new DynamoAssetDirectory(
                new DynamoAssetRepository(aws.dynamoDb(), table, Json.mapper(), clock)));
    }

    public AnalyticsHandler(Aggregator aggregator) {
        this.aggregator = aggregator;
        this.json = Json.mapper();
        this.facts = new StreamFacts(json);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(json.writeValueAsBytes(handle(json.readTree(input))));
    }

    /** @return {@code {"batchItemFailures":[{"itemIdentifier": sequenceNumber}]}}: empty, or the first failed record */
    public ObjectNode handle(JsonNode event) {
        ObjectNode out = json.createObjectNode();
        var failures = out.putArray("batchItemFailures");
        int applied = 0;
        int duplicates = 0;
        for (JsonNode record : event.path("Records")) {
            try {
                List<Fact> found = new ArrayList<>(facts.facts(record));
                for (Fact f : found) {
                    Aggregator.Outcome o = aggregator.apply(f);
                    applied += o == Aggregator.Outcome.APPLIED ? 1 : 0;
                    duplicates += o == Aggregator.Outcome.DUPLICATE ? 1 : 0;
                }
            } catch (RuntimeException e) {
                String seq = record.path("dynamodb").path("SequenceNumber").asText("");
                LOG.log(System.Logger.Level.ERROR, "analytics: record " + seq + " failed; retrying from it", e);
                failures.addObject().put("itemIdentifier", seq);
                break;
            }
        }
        LOG.log(System.Logger.Level.INFO, "analytics: {0} facts applied, {1} duplicates", applied, duplicates);
        return out;
    }
}
