package dam.core.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The expiry index keys (ARCHITECTURE §2) carried by every dated subject that has not expired yet: partition
 * {@code EXP#yyyy-mm-dd#shard} (the UTC day of its end, spread over {@value #SHARDS} shards so one busy day is not
 * one hot partition), sort {@code iso-end#asset#subject}. The daily sweep queries one partition per day and shard in
 * its window, so it reads only what expires then, never the table; the expiry removes the keys.
 */
public final class ExpiryIndex {

    public static final int SHARDS = 4;

    private ExpiryIndex() {
    }

    public static String partition(Instant endsAt, String assetId) {
        return partition(LocalDate.ofInstant(endsAt, ZoneOffset.UTC), Math.floorMod(assetId.hashCode(), SHARDS));
    }

    public static String partition(LocalDate day, int shard) {
        return "EXP#" + day + "#" + shard;
    }

    public static String sort(Instant endsAt, String assetId, String subjectId) {
        return endsAt + "#" + assetId + "#" + subjectId;
    }

    /** The sort-key prefix of a dated subject's item under its asset: {@code RIGHTS#}, {@code TALENT#}, {@code OFFER#}. */
    public static String itemPrefix(String kind) {
        return switch (kind) {
            case ExpiryCheck.RIGHTS -> "RIGHTS#";
            case ExpiryCheck.TALENT -> "TALENT#";
            case ExpiryCheck.OFFER -> "OFFER#";
            default -> throw new IllegalArgumentException("not a dated subject kind: " + kind);
        };
    }

    /** The kind of the dated subject stored under sort key {@code sk} (the inverse of {@link #itemPrefix}). */
    public static String kindOf(String sk) {
        for (String kind : java.util.List.of(ExpiryCheck.RIGHTS, ExpiryCheck.TALENT, ExpiryCheck.OFFER)) {
            if (sk.startsWith(itemPrefix(kind))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a dated subject's item: " + sk);
    }
}
