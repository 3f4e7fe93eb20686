package dam.core.search.memory;

import dam.core.library.SearchScope;
import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.LibraryIndex;
import dam.core.search.Ordering;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link LibraryIndex} by brute force: every search scans every document. A fake for tests and the oracle the
 * bitmap index is checked against — it numbers documents in arrival order like the real index, so orders match.
 */
public final class InMemoryLibraryIndex implements LibraryIndex {

    private record Entry(int doc, SearchDocument document) {
    }

    private final Map<String, Entry> byAsset = new HashMap<>();
    private final Map<String, Long> removedAt = new HashMap<>();
    private final Cursors cursors;
    private int nextDoc;

    public InMemoryLibraryIndex(Cursors cursors) {
        this.cursors = cursors;
    }

    @Override
    public synchronized boolean apply(SearchDocument d) {
        Entry old = byAsset.get(d.assetId());
        long seen = old != null ? old.document().sourceVersion() : removedAt.getOrDefault(d.assetId(), -1L);
        if (d.sourceVersion() <= seen) {
            return false;
        }
        int doc = old != null ? old.doc() : nextDoc++;
        byAsset.put(d.assetId(), new Entry(doc, d));
        return true;
    }

    @Override
    public synchronized boolean remove(String assetId, long sourceVersion) {
        Entry old = byAsset.get(assetId);
        if (old == null || old.document().sourceVersion() >= sourceVersion) {
            return false;
        }
        byAsset.remove(assetId);
        removedAt.put(assetId, sourceVersion);
        return true;
    }

    @Override
    public synchronized SearchPage search(SearchQuery q, SearchScope scope) {
        Cursors.Position after = cursors.decode(q, scope);
        List<Entry> matches = byAsset.values().stream().filter(e -> matches(e.document(), q, scope)).toList();
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        for (Facet f : q.counted()) {
            Map<String, Long> counts = new TreeMap<>();
            matches.forEach(e -> e.document().values(f).forEach(v -> counts.merge(v, 1L, Long::sum)));
            facets.put(f.code(), counts);
        }
        List<Cursors.Position> order = new ArrayList<>();
        Map<Cursors.Position, SearchDocument> docs = new HashMap<>();
        for (Entry e : matches) {
            Cursors.Position p = new Cursors.Position(q.sort().key(e.document()), e.doc());
            if (Ordering.after(q.sort(), p, after)) {
                order.add(p);
                docs.put(p, e.document());
            }
        }
        order.sort(Ordering.of(q.sort()));
        List<SearchPage.Hit> hits = new ArrayList<>();
        for (Cursors.Position p : order.subList(0, Math.min(q.limit(), order.size()))) {
            SearchDocument d = docs.get(p);
            hits.add(new SearchPage.Hit(d.assetId(), d.title(), d.createdAt()));
        }
        String next = order.size() > q.limit() ? cursors.encode(q, scope, order.get(q.limit() - 1)) : null;
        return new SearchPage(hits, matches.size(), facets, next);
    }

    /** The definition of a match every index must agree with. */
    public static boolean matches(SearchDocument d, SearchQuery q, SearchScope scope) {
        if (!d.words().containsAll(q.words())) {
            return false;
        }
        for (Map.Entry<Facet, Set<String>> f : q.filters().entrySet()) {
            if (d.values(f.getKey()).stream().noneMatch(f.getValue()::contains)) {
                return false;
            }
        }
        LocalDate day = d.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
        return (q.createdFrom() == null || !day.isBefore(q.createdFrom()))
                && (q.createdTo() == null || !day.isAfter(q.createdTo()))
                && scope.matches(d.asLibraryAsset());
    }
}
