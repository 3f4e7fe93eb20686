package dam.core.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of results: hits in order, the total number of matches, facet counts over all matches (value → count,
 * for the counted facets), and the cursor of the next page (null on the last).
 */
public record SearchPage(List<Hit> hits, long total, Map<String, Map<String, Long>> facets, String nextCursor) {

    public record Hit(String assetId, String title, Instant createdAt) {
    }

    public SearchPage {
        hits = List.copyOf(hits);
        facets = Map.copyOf(facets);
    }
}
