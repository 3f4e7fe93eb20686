package dam.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One execution history event with its AWS type (e.g. {@code PassStateEntered}) and details as the API names them
 * inside the type's details object (e.g. {@code name}, {@code input}).
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {

    /** The GetExecutionHistory member that holds the details, e.g. {@code stateEnteredEventDetails}. */
    public String detailsKey() {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }
}
