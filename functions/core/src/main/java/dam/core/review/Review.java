package dam.core.review;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review of one asset (issue 7): its stages as set up from the brief, its rounds (one per reviewed version), and
 * its status. {@code revision} is the optimistic-concurrency counter. {@code resumeToken} is the task token of the
 * workflow waiting for the creator's next version: stored only here, never logged, returned or put in a URL.
 */
public record Review(String assetId, String briefId, String brand, String title, String creator, String owner,
                     ReviewStatus status, List<StageSpec> stages, List<Round> rounds, String resumeToken,
                     Instant createdAt, Instant updatedAt, long revision) {

    public Review {
        stages = List.copyOf(stages);
        rounds = List.copyOf(rounds);
    }

    /** The audit chain every review action of this asset goes to (the approval links' chain of the asset). */
    public static String chain(String assetId) {
        return AssetSubjectReader.TYPE + ":" + assetId;
    }

    @JsonIgnore
    public Round currentRound() {
        return rounds.get(rounds.size() - 1);
    }

    public Optional<Round> round(int number) {
        return rounds.stream().filter(r -> r.number() == number).findFirst();
    }

    public Optional<Round> roundOfVersion(long version) {
        return rounds.stream().filter(r -> r.version() == version).findFirst();
    }

    public Optional<StageSpec> spec(String stage) {
        return stages.stream().filter(s -> s.name().equals(stage)).findFirst();
    }

    /** Whether {@code user} is a reviewer of any stage (or the owner or creator): they may see and discuss it. */
    public boolean participant(String user) {
        return user != null && (user.equalsIgnoreCase(owner) || user.equalsIgnoreCase(creator)
                || stages.stream().anyMatch(s -> s.reviewers().contains(user.toLowerCase(java.util.Locale.ROOT))
                || s.owner().equalsIgnoreCase(user)));
    }

    Review withRound(Round r) {
        List<Round> out = new ArrayList<>(rounds);
        boolean replaced = false;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).number() == r.number()) {
                out.set(i, r);
                replaced = true;
            }
        }
        if (!replaced) {
            out.add(r);
        }
        return new Review(assetId, briefId, brand, title, creator, owner, status, stages, out, resumeToken,
                createdAt, updatedAt, revision);
    }

    Review with(ReviewStatus s, String token) {
        return new Review(assetId, briefId, brand, title, creator, owner, s, stages, rounds, token, createdAt,
                updatedAt, revision);
    }

    /** The next stored form: revision + 1, updated now. */
    Review next(Instant at) {
        return new Review(assetId, briefId, brand, title, creator, owner, status, stages, rounds, resumeToken,
                createdAt, at, revision + 1);
    }

    /** Never print the resume token. */
    @Override
    public String toString() {
        return "Review[" + assetId + " " + status + " rounds=" + rounds.size() + " rev=" + revision + "]";
    }
}
