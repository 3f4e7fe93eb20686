package dam.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.aws.AwsClients;
import dam.aws.FunctionClock;
import dam.core.json.Json;
import dam.core.search.Cursors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Lambda on the table's DynamoDB stream (event source mapping, filtered to asset and collection-item records):
 * re-projects every asset a batch names, once per batch, after applying collection membership changes in stream
 * order. A failing asset is reported as a batch item failure at its earliest record (ReportBatchItemFailures), so
 * only that part is retried and then bisected; everything else in the batch is done.
 */
public final class SearchIndexHandler implements RequestStreamHandler {

    private static final System.Logger LOG = System.getLogger(SearchIndexHandler.class.getName());

    private final AssetProjection projection;
    private final ObjectMapper json;

    /** Lambda entry: adapters wired once per process from the environment. */
    public SearchIndexHandler() {
        this(wire(new AwsClients()));
    }

    private static AssetProjection wire(AwsClients aws) {
        String table = aws.require("TABLE_NAME");
        byte[] unused = new byte[32]; // this function never pages through results, so its cursors are never read
        new SecureRandom().nextBytes(unused);
        Executor inline = Runnable::run;
        BitmapLibraryIndex index = new BitmapLibraryIndex(new DynamoPostingStore(aws.dynamoDb(), table),
                new Cursors(unused), inline);
        return new AssetProjection(aws.dynamoDb(), table, index, Json.mapper(), FunctionClock.fromEnvironment());
    }

    public SearchIndexHandler(AssetProjection projection) {
        this.projection = projection;
        this.json = Json.mapper();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(json.writeValueAsBytes(handle(json.readTree(input))));
    }

    /** @return {@code {"batchItemFailures":[{"itemIdentifier": sequenceNumber}]}} */
    public ObjectNode handle(JsonNode event) {
        Map<String, String> firstSequence = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode keys = record.path("dynamodb").path("Keys");
            String pk = keys.path("PK").path("S").asText("");
            String sk = keys.path("SK").path("S").asText("");
            String seq = record.path("dynamodb").path("SequenceNumber").asText("");
            String assetId = null;
            if (pk.startsWith("ASSET#")) {
                assetId = pk.substring("ASSET#".length());
            } else if (pk.startsWith("COLLECTION#") && sk.startsWith("ITEM#")) {
                assetId = sk.substring("ITEM#".length());
                if (failed.contains(assetId)) {
                    continue; // keep this asset's records in order: they are retried from its first failure
                }
                try {
                    projection.membership(pk.substring("COLLECTION#".length()), assetId,
                            !"REMOVE".equals(record.path("eventName").asText()));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "membership " + pk + "/" + sk + " failed", e);
                    failed.add(assetId);
                }
            }
            if (assetId != null) {
                firstSequence.putIfAbsent(assetId, seq);
            }
        }
        for (Map.Entry<String, String> e : firstSequence.entrySet()) {
            if (failed.contains(e.getKey())) {
                continue;
            }
            try {
                boolean changed = projection.project(e.getKey());
                LOG.log(System.Logger.Level.INFO, "asset " + e.getKey() + (changed ? " indexed" : " unchanged"));
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "indexing asset " + e.getKey() + " failed", ex);
                failed.add(e.getKey());
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode failures = out.putArray("batchItemFailures");
        firstSequence.entrySet().stream().filter(e -> failed.contains(e.getKey()))
                .forEach(e -> failures.addObject().put("itemIdentifier", e.getValue()));
        return out;
    }
}
