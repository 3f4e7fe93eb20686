package dam.local.dynamodb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;

/** Builds DynamoDB requests from JSON the way the edge hands them over, and finds the repo's node_modules. */
final class DynamoTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private DynamoTestSupport() {
    }

    /** local/node/node_modules, found by walking up from the module dir to the repo root. */
    static Path nodeModules() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("local/node/node_modules");
            if (Files.isDirectory(candidate.resolve("dynalite"))) {
                return candidate;
            }
            if (Files.isDirectory(dir.resolve(".git"))) {
                break;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("local/node/node_modules/dynalite not found above "
                + Path.of("").toAbsolutePath() + ": run `npm ci` in local/node (./dam test does)");
    }

    static AwsRequest request(String operation, String body) {
        String target = DynamoDbProvider.TARGET_PREFIX + "." + operation;
        return new AwsRequest("POST", "/", null,
                Map.of("x-amz-target", List.of(target), "content-type", List.of(AwsResponse.AMZ_JSON_1_0)),
                body.getBytes(StandardCharsets.UTF_8), "dynamodb", "us-east-1", operation);
    }

    /** Sends a request and returns the parsed answer, whatever its status. */
    static Answer send(DynamoDbProvider provider, String operation, String body) {
        try {
            AwsResponse r = provider.handle(request(operation, body));
            return new Answer(r.status(), JSON.readTree(r.body()));
        } catch (AwsException e) {
            return new Answer(e.status(), JSON.createObjectNode().put("__type", e.code()).put("message",
                    e.getMessage()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request that must succeed. */
    static JsonNode ok(DynamoDbProvider provider, String operation, String body) {
        Answer a = send(provider, operation, body);
        if (a.status() != 200) {
            throw new AssertionError(operation + " failed: " + a.status() + " " + a.body());
        }
        return a.body();
    }

    record Answer(int status, JsonNode body) {
        /** Short error type, e.g. ConditionalCheckFailedException. */
        String type() {
            String t = body.path("__type").asText();
            return t.substring(t.indexOf('#') + 1);
        }
    }

    static final String TABLE = """
            {"TableName":"dam","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"PK","AttributeType":"S"},{"AttributeName":"SK","AttributeType":"S"},
                                     {"AttributeName":"GSI1PK","AttributeType":"S"},{"AttributeName":"GSI1SK","AttributeType":"S"}],
             "KeySchema":[{"AttributeName":"PK","KeyType":"HASH"},{"AttributeName":"SK","KeyType":"RANGE"}],
             "GlobalSecondaryIndexes":[{"IndexName":"GSI1",
                 "KeySchema":[{"AttributeName":"GSI1PK","KeyType":"HASH"},{"AttributeName":"GSI1SK","KeyType":"RANGE"}],
                 "Projection":{"ProjectionType":"ALL"}}]}
            """;

    /** Creates the single table (PK/SK + GSI1) and waits until it is ACTIVE (dynalite: --createTableMs 50). */
    static void createTable(DynamoDbProvider provider) {
        ok(provider, "CreateTable", TABLE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                "ACTIVE".equals(ok(provider, "DescribeTable", "{\"TableName\":\"dam\"}")
                        .path("Table").path("TableStatus").asText()));
    }

    static String key(String pk, String sk) {
        return "{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"" + sk + "\"}}";
    }

    /** The item under (pk, sk), or null. */
    static JsonNode getItem(DynamoDbProvider provider, String pk, String sk) {
        JsonNode item = ok(provider, "GetItem", "{\"TableName\":\"dam\",\"ConsistentRead\":true,\"Key\":"
                + key(pk, sk) + "}").get("Item");
        return item;
    }
}
