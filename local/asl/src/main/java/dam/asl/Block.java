package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A set of states with a StartAt: the top level, a Parallel branch or a Map's ItemProcessor.
 *
 * @param pointer JSON pointer of the block in the definition ("" for the top level)
 */
public record Block(String pointer, String startAt, Map<String, ObjectNode> states, String queryLanguage,
                    JsonNode processorConfig) {

    public ObjectNode state(String name) {
        return states.get(name);
    }

    /** The query language of a state: its own QueryLanguage field, else the definition's. */
    public String languageOf(ObjectNode state) {
        JsonNode ql = state.get("QueryLanguage");
        return ql != null ? ql.asText() : queryLanguage;
    }
}
