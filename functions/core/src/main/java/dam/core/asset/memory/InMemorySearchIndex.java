package dam.core.asset.memory;

import dam.core.asset.SearchIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@link SearchIndex} in memory. */
public final class InMemorySearchIndex implements SearchIndex {

    private final Map<String, Set<String>> postings = new HashMap<>();

    @Override
    public synchronized void index(String assetId, Set<String> terms) {
        terms.forEach(t -> postings.computeIfAbsent(t, k -> new TreeSet<>()).add(assetId));
    }

    @Override
    public synchronized List<String> find(String term) {
        return List.copyOf(postings.getOrDefault(term, Set.of()));
    }
}
