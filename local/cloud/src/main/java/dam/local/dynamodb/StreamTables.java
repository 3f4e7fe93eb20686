package dam.local.dynamodb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.edge.AwsException;
import dam.local.edge.AwsResponse;

/**
 * The table operations that know about streams (dynalite ignores StreamSpecification): CreateTable and UpdateTable
 * start or stop a table's stream, DeleteTable ends it, and DescribeTable / CreateTable / UpdateTable answer
 * StreamSpecification, LatestStreamArn and LatestStreamLabel as AWS does.
 */
final class StreamTables {

    static final Set<String> OPERATIONS = Set.of("CreateTable", "UpdateTable", "DescribeTable", "DeleteTable");

    private final Streams streams;
    private final ObjectMapper json;
    private final StreamCapture.Forwarder forwarder;

    StreamTables(Streams streams, ObjectMapper json, StreamCapture.Forwarder forwarder) {
        this.streams = streams;
        this.json = json;
        this.forwarder = forwarder;
    }

    AwsResponse handle(String operation, byte[] body) {
        ObjectNode request = parse(body);
        if (request == null) {
            return forwarder.forward(operation, body); // dynalite answers the serialization error
        }
        return switch (operation) {
            case "CreateTable" -> create(request, body);
            case "UpdateTable" -> update(request, body);
            case "DescribeTable" -> described(forwarder.forward(operation, body), "Table");
            case "DeleteTable" -> {
                AwsResponse response = forwarder.forward(operation, body);
                if (response.status() == 200) {
                    streams.tableDeleted(request.path("TableName").asText());
                }
                yield response;
            }
            default -> throw new IllegalStateException("not a table operation: " + operation);
        };
    }

    private AwsResponse create(ObjectNode request, byte[] body) {
        JsonNode spec = request.get("StreamSpecification");
        Streams.validateSpecification(spec);
        AwsResponse response = forwarder.forward("CreateTable", body);
        if (response.status() == 200 && spec != null && spec.path("StreamEnabled").asBoolean()) {
            streams.enable(request.path("TableName").asText(), spec.path("StreamViewType").asText(),
                    keyNames(request.path("KeySchema")));
        }
        return described(response, "TableDescription");
    }

    private AwsResponse update(ObjectNode request, byte[] body) {
        JsonNode spec = request.get("StreamSpecification");
        if (spec == null || spec.isNull()) {
            return described(forwarder.forward("UpdateTable", body), "TableDescription");
        }
        Streams.validateSpecification(spec);
        String table = request.path("TableName").asText("");
        boolean enable = spec.path("StreamEnabled").asBoolean();
        if (enable && streams.hasEnabledStream(table)) {
            throw AwsException.validation("Table already has an enabled stream: " + streams.enabledStreamArn(table));
        }
        if (!enable && !streams.hasEnabledStream(table)) {
            throw AwsException.validation("Table " + table + " does not have a stream enabled");
        }
        ObjectNode rest = request.deepCopy();
        rest.remove("StreamSpecification");
        AwsResponse response = forwarder.forward(rest.size() > 1 ? "UpdateTable" : "DescribeTable", bytes(rest));
        if (response.status() != 200) {
            return response;
        }
        ObjectNode answer = parse(response.body());
        ObjectNode description = (ObjectNode) (answer.has("Table") ? answer.get("Table")
                : answer.get("TableDescription"));
        if (enable) {
            streams.enable(table, spec.path("StreamViewType").asText(), keyNames(description.path("KeySchema")));
        } else {
            streams.disable(table);
        }
        streams.describeInto(description);
        ObjectNode out = json.createObjectNode();
        out.set("TableDescription", description);
        return StreamCapture.rewritten(response, bytes(out));
    }

    private AwsResponse described(AwsResponse response, String field) {
        if (response.status() != 200) {
            return response;
        }
        ObjectNode answer = parse(response.body());
        if (answer == null || !(answer.get(field) instanceof ObjectNode description)) {
            return response;
        }
        streams.describeInto(description);
        return StreamCapture.rewritten(response, bytes(answer));
    }

    private static List<String> keyNames(JsonNode keySchema) {
        List<String> names = new ArrayList<>();
        for (String type : List.of("HASH", "RANGE")) {
            for (JsonNode k : keySchema) {
                if (type.equals(k.path("KeyType").asText())) {
                    names.add(k.path("AttributeName").asText());
                }
            }
        }
        return names;
    }

    private ObjectNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a DynamoDB answer", e);
        }
    }
}
