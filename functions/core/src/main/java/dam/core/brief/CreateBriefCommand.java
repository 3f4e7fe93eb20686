package dam.core.brief;

/**
 * Create a brief. {@code commandId} (e.g. the EventBridge event id or a client idempotency key) makes the command
 * idempotent: the same id applied twice yields one brief. Null means "not idempotent" (every call creates).
 */
public record CreateBriefCommand(String commandId, String actor, BriefInput brief) {
}
