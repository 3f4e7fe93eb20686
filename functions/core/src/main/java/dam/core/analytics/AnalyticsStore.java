package dam.core.analytics;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: the aggregate items (on AWS: {@code AN#…} items of the single table). */
public interface AnalyticsStore {

    /**
     * Applies every delta of one fact atomically, once: the fact id is remembered with them, and a fact seen before
     * changes nothing.
     *
     * @return false when {@code factId} was applied before
     */
    boolean apply(String factId, List<Delta> deltas);

    /** The items of one partition with {@code from ≤ sk ≤ to}, in sort-key order. */
    List<Row> range(String pk, String from, String to);

    /**
     * Like {@link #range(String, String, String)}, but each row holds only the named attributes (and its keys): a
     * report summing a few counters over thousands of items transfers and parses a fraction of them.
     */
    List<Row> range(String pk, String from, String to, Set<String> attributes);

    Optional<Row> get(String pk, String sk);
}
