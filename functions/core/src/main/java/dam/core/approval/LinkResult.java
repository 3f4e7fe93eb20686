package dam.core.approval;

import java.util.Objects;

/**
 * The answer to viewing or deciding through a link: either a page, or a refusal with its reason. {@code detail} adds
 * a specific explanation (which field of a decision is missing); {@code taskAnswered} is false when a decision was
 * stored but the waiting workflow could not be told yet (or had already closed).
 */
public record LinkResult(LinkPage page, Refusal refusal, String detail, boolean taskAnswered) {

    public LinkResult {
        if ((page == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of page and refusal");
        }
    }

    static LinkResult ok(LinkPage page, boolean taskAnswered) {
        return new LinkResult(Objects.requireNonNull(page), null, null, taskAnswered);
    }

    static LinkResult refused(Refusal refusal, String detail) {
        return new LinkResult(null, Objects.requireNonNull(refusal), detail, false);
    }

    public boolean ok() {
        return page != null;
    }
}
