package dam.core.brief;

/** One thing to produce: e.g. channel social, format "1080x1350 JPEG", spec "feed post, safe zones", quantity 3. */
public record Deliverable(Channel channel, String format, String spec, int quantity) {
}
