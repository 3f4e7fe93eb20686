package dam.aws.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Picks the id that ties an invocation's log lines to the business object it works on, from the event itself: the
 * asset or brief id, else the Step Functions execution name, else the API request id, else the command or event id.
 * Never reads path parameters or bodies of public routes (a review link's nonce is a credential).
 */
public final class Correlation {

    /** JSON pointers tried in order; the first non-blank text wins. */
    static final List<String> POINTERS = List.of(
            "/assetId", "/detail/assetId", "/briefId", "/detail/briefId", "/subject/id",
            "/execution", "/executionName", "/requestContext/requestId", "/detail/commandId", "/id");

    private Correlation() {
    }

    /** The correlation id of an event, or null when it carries none of the known ids. */
    public static String from(JsonNode event) {
        if (event == null || !event.isObject()) {
            return null;
        }
        for (String pointer : POINTERS) {
            JsonNode value = event.at(pointer);
            if (value.isTextual() && !value.asText().isBlank()) {
                return pointer.equals("/execution") ? executionName(value.asText()) : value.asText();
            }
        }
        return null;
    }

    /** "arn:aws:states:…:execution:Machine:name" → "name"; anything else unchanged. */
    static String executionName(String execution) {
        int colon = execution.lastIndexOf(':');
        return execution.startsWith("arn:") && colon >= 0 ? execution.substring(colon + 1) : execution;
    }
}
