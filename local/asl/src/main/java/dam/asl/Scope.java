package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What an expression may reference besides the state input: the context object and workflow variables. */
public interface Scope {
    /** The context object ({@code $$} in JSONPath, {@code $states.context} in JSONata). */
    JsonNode context();

    /** The value of variable {@code name}, or null when not assigned in this or any enclosing scope. */
    JsonNode variable(String name);

    /** Names of all visible variables (innermost wins), for JSONata bindings. */
    java.util.Map<String, JsonNode> visibleVariables();
}
