package dam.search;

import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PostingStore} in memory, with the same conditional-write semantics (tests, and the bench's baseline). */
public final class InMemoryPostingStore implements PostingStore {

    private final Map<Key, Chunk> chunks = new HashMap<>();
    /** field → value → chunk number → key: what {@link #field} walks without touching other fields. */
    private final Map<String, java.util.TreeMap<String, java.util.TreeMap<Integer, Key>>> byField = new HashMap<>();
    private final Map<String, DocRecord> docs = new HashMap<>();
    private final Map<Integer, Hit> hits = new HashMap<>();
    private int allocated;
    private long generation;

    private static Chunk copy(Chunk c) {
        return new Chunk(c.key(), c.docs().clone(), c.sortKeys(), c.version());
    }

    @Override
    public synchronized Map<Key, Chunk> get(Collection<Key> keys) {
        Map<Key, Chunk> out = new LinkedHashMap<>();
        for (Key k : keys) {
            Chunk c = chunks.get(k);
            if (c != null) {
                out.put(k, copy(c));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Chunk> field(String field, String from, String to, boolean withSortKeys, int maxItems) {
        List<Chunk> out = new ArrayList<>();
        java.util.NavigableMap<String, java.util.TreeMap<Integer, Key>> values = byField.getOrDefault(field,
                new java.util.TreeMap<>());
        if (from != null) {
            values = values.tailMap(from, true);
        }
        if (to != null) {
            values = values.headMap(to, true);
        }
        for (java.util.TreeMap<Integer, Key> keys : values.values()) {
            for (Key k : keys.values()) {
                if (out.size() == maxItems) {
                    return out;
                }
                Chunk c = chunks.get(k);
                out.add(new Chunk(k, c.docs().clone(), withSortKeys ? c.sortKeys() : SortedKeys.EMPTY, c.version()));
            }
        }
        return out;
    }

    @Override
    public synchronized boolean put(Chunk c) {
        Chunk old = chunks.get(c.key());
        if ((old == null ? 0 : old.version()) != c.version()) {
            return false;
        }
        store(new Chunk(c.key(), c.docs().clone(), c.sortKeys(), c.version() + 1));
        return true;
    }

    @Override
    public synchronized void putAll(Collection<Chunk> all) {
        all.forEach(c -> store(new Chunk(c.key(), c.docs().clone(), c.sortKeys(), 1)));
    }

    private void store(Chunk c) {
        chunks.put(c.key(), c);
        byField.computeIfAbsent(c.key().field(), f -> new java.util.TreeMap<>())
                .computeIfAbsent(c.key().value(), v -> new java.util.TreeMap<>()).put(c.key().chunk(), c.key());
    }

    @Override
    public synchronized Optional<DocRecord> doc(String assetId) {
        return Optional.ofNullable(docs.get(assetId));
    }

    @Override
    public synchronized boolean putDoc(DocRecord r) {
        DocRecord old = docs.get(r.assetId());
        if ((old == null ? 0 : old.version()) != r.version()) {
            return false;
        }
        docs.put(r.assetId(), new DocRecord(r.assetId(), r.doc(), r.sourceVersion(), r.terms(), r.pending(),
                r.removed(), r.version() + 1));
        return true;
    }

    @Override
    public synchronized void putDocs(Collection<DocRecord> records) {
        records.forEach(r -> docs.put(r.assetId(), new DocRecord(r.assetId(), r.doc(), r.sourceVersion(), r.terms(),
                r.pending(), r.removed(), 1)));
    }

    @Override
    public synchronized int allocate(int n) {
        int first = allocated;
        allocated += n;
        return first;
    }

    @Override
    public synchronized int allocated() {
        return allocated;
    }

    @Override
    public synchronized Head head() {
        return new Head(allocated, generation);
    }

    @Override
    public synchronized void touch() {
        generation++;
    }

    @Override
    public synchronized void putHits(Map<Integer, Hit> h) {
        hits.putAll(h);
    }

    @Override
    public synchronized Map<Integer, Hit> hits(Collection<Integer> wanted) {
        Map<Integer, Hit> out = new HashMap<>();
        wanted.forEach(d -> {
            if (hits.containsKey(d)) {
                out.put(d, hits.get(d));
            }
        });
        return out;
    }

    /** Tests: every bitmap of a field merged (to check what a document is posted under). */
    public synchronized RoaringBitmap merged(String field, String value) {
        RoaringBitmap out = new RoaringBitmap();
        chunks.values().stream().filter(c -> c.key().field().equals(field) && c.key().value().equals(value))
                .forEach(c -> out.or(c.docs()));
        return out;
    }
}
