package dam.core.launch;

/** A placement as sent: the channel, and the target id and/or URL there. */
public record PlacementInput(String channel, String targetId, String url) {
}
