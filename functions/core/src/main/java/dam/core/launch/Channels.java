package dam.core.launch;

import java.util.List;

/**
 * The channel kinds a placement can be on. {@value #WEBHOOK} targets are registered ({@link WebhookTarget}) and get
 * signed calls on publish/unpublish; the others are records of where the asset is live (an integration acts on the
 * {@code Asset Published}/{@code Asset Unpublish Requested} events).
 */
public final class Channels {

    public static final String WEBHOOK = "webhook";
    public static final List<String> ALL = List.of("web", "social", "email", "print", "event-bus", WEBHOOK);

    private Channels() {
    }
}
