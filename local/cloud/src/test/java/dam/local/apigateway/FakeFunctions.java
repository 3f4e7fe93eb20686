package dam.local.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A FunctionInvoker whose functions are lambdas; records every event it receives. */
final class FakeFunctions implements FunctionInvoker {

    interface Behaviour {
        String apply(JsonNode event) throws Exception;
    }

    record Call(String functionArn, JsonNode event) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ECHO = "arn:aws:lambda:us-east-1:000000000000:function:echo";

    private final Map<String, Behaviour> functions = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeFunctions() {
        // Echo: answers 200 with the event it received as the body.
        on(ECHO, event -> JSON.createObjectNode().put("statusCode", 200).put("body", event.toString()).toString());
    }

    FakeFunctions on(String arn, Behaviour behaviour) {
        functions.put(arn, behaviour);
        return this;
    }

    List<Call> calls() {
        return calls;
    }

    JsonNode lastEvent() {
        return calls.get(calls.size() - 1).event();
    }

    @Override
    public byte[] invoke(String functionArn, byte[] event) throws Exception {
        JsonNode parsed = JSON.readTree(event);
        calls.add(new Call(functionArn, parsed));
        Behaviour b = functions.get(functionArn);
        if (b == null) {
            throw new IllegalStateException("no fake function " + functionArn);
        }
        return b.apply(parsed).getBytes(StandardCharsets.UTF_8);
    }
}
