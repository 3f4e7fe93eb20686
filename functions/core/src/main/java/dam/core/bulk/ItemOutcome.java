package dam.core.bulk;

import java.util.Objects;

/** What became of one item: rendered (the derivative's key in the derivatives bucket) or failed (the reason). */
public record ItemOutcome(BulkItem item, boolean ok, String key, String error) {

    public ItemOutcome {
        Objects.requireNonNull(item, "item");
        if (ok == (key == null)) {
            throw new IllegalArgumentException("a rendered item has a key, a failed one none");
        }
    }

    public static ItemOutcome done(BulkItem item, String key) {
        return new ItemOutcome(item, true, Objects.requireNonNull(key, "key"), null);
    }

    public static ItemOutcome failed(BulkItem item, String error) {
        return new ItemOutcome(item, false, null, error);
    }
}
