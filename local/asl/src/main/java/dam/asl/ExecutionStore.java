package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * Durability port. The engine writes an execution's immutable header once, then after every burst of work the new
 * history events plus a snapshot of its state (status, parked branches, pending tokens and timers). On start-up
 * {@link #loadAll()} gives everything back so parked executions resume at the right clock time.
 */
public interface ExecutionStore {

    /** One stored execution: header (arn, definition, input…), its history, and the latest state snapshot. */
    record Stored(JsonNode header, List<HistoryEvent> history, JsonNode state) {
    }

    void started(String executionArn, JsonNode header);

    /** Appends {@code newEvents} and replaces the snapshot; the snapshot's eventCount covers the events. */
    void progress(String executionArn, List<HistoryEvent> newEvents, JsonNode state);

    /** A task token that can no longer be used (completed, failed, timed out or cancelled). */
    void tokenClosed(String token);

    Set<String> closedTokens();

    List<Stored> loadAll();

    /** Keeps nothing: executions live only as long as the engine. */
    ExecutionStore IN_MEMORY = new ExecutionStore() {
        @Override
        public void started(String executionArn, JsonNode header) {
        }

        @Override
        public void progress(String executionArn, List<HistoryEvent> newEvents, JsonNode state) {
        }

        @Override
        public void tokenClosed(String token) {
        }

        @Override
        public Set<String> closedTokens() {
            return Set.of();
        }

        @Override
        public List<Stored> loadAll() {
            return List.of();
        }
    };
}
