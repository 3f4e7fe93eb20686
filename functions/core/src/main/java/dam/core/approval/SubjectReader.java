package dam.core.approval;

import java.util.Optional;

/** Port: the current state of a link's subject (a brief, an asset version…); empty when it no longer exists. */
public interface SubjectReader {

    Optional<SubjectState> read(Subject subject);

    /**
     * Why the subject no longer takes this (still current) link's decision, if it does not — e.g. the link's review
     * stage was already decided by the other reviewers ({@link Refusal#CLOSED}). Briefs take every current link.
     */
    default Optional<Refusal> refusalFor(ApprovalLink link) {
        return Optional.empty();
    }
}
