package dam.core.launch;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a version of an asset is live: a channel ({@link Channels}), the target there (a registered webhook target's
 * id, a page/post id) and/or its URL, who put it there and when. {@code source} is {@code api} for publishing through
 * the product, else the integration that registered a placement made elsewhere. {@code id} is derived from channel and
 * target, so the same target placed twice is one placement. {@code reviewDueAt} is when it reaches its brand's
 * {@link ReapprovalPolicy} age (the re-approval sweep finds it then); {@code reapproval} what the sweep did about it.
 */
public record Placement(String assetId, String id, String channel, String targetId, String url, int version,
                        String source, String publishedBy, Instant publishedAt, Instant reviewDueAt,
                        Reapproval reapproval) {

    /** What the re-approval sweep did: {@code action} of the policy, when, and the round or event it made. */
    public record Reapproval(String action, Instant at, String detail) {
    }

    public Placement {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }

    public boolean webhook() {
        return Channels.WEBHOOK.equals(channel);
    }

    public Placement withReapproval(Reapproval r) {
        return new Placement(assetId, id, channel, targetId, url, version, source, publishedBy, publishedAt,
                reviewDueAt, r);
    }
}
