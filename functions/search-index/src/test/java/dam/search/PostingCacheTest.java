package dam.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import dam.search.testing.SyntheticLibrary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm container's cache of postings: a repeated search reads only the index head, any completed change is seen
 * by the next search, and cached bitmaps are never modified by the searches that share them.
 */
class PostingCacheTest {

    private static final Cursors CURSORS = new Cursors("cache-test-signing-key".getBytes(StandardCharsets.UTF_8));
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Counts the reads that go past the cache. */
    static final class CountingStore implements PostingStore {
        final InMemoryPostingStore inner = new InMemoryPostingStore();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Map<Key, Chunk> get(Collection<Key> keys) {
            reads.incrementAndGet();
            return inner.get(keys);
        }

        @Override
        public List<Chunk> field(String field, String from, String to, boolean withSortKeys, int maxItems) {
            reads.incrementAndGet();
            return inner.field(field, from, to, withSortKeys, maxItems);
        }

        @Override
        public Map<Integer, Hit> hits(Collection<Integer> docs) {
            reads.incrementAndGet();
            return inner.hits(docs);
        }

        @Override
        public boolean put(Chunk chunk) {
            return inner.put(chunk);
        }

        @Override
        public void putAll(Collection<Chunk> chunks) {
            inner.putAll(chunks);
        }

        @Override
        public Optional<DocRecord> doc(String assetId) {
            return inner.doc(assetId);
        }

        @Override
        public boolean putDoc(DocRecord record) {
            return inner.putDoc(record);
        }

        @Override
        public void putDocs(Collection<DocRecord> records) {
            inner.putDocs(records);
        }

        @Override
        public int allocate(int n) {
            return inner.allocate(n);
        }

        @Override
        public int allocated() {
            return inner.allocated();
        }

        @Override
        public Head head() {
            return inner.head();
        }

        @Override
        public void touch() {
            inner.touch();
        }

        @Override
        public void putHits(Map<Integer, Hit> hits) {
            inner.putHits(hits);
        }
    }

    private static SearchQuery query(String word) {
        return SearchQuery.parse(Map.of("q", List.of(word), "type", List.of("image"), "facets",
                List.of("brand,status,channel,created")));
    }

    @Test
    void aRepeatedSearchReadsOnlyTheHeadAndAChangeIsSeenAtOnce() {
        CountingStore store = new CountingStore();
        new BulkLoader(store).load(SyntheticLibrary.documents(3_000, 5));
        BitmapLibraryIndex index = new BitmapLibraryIndex(store, CURSORS, pool);
        var scope = SearchCorrectnessTest.scopes().get(0);

        SearchPage first = index.search(query("summer"), scope);
        int cold = store.reads.get();
        assertTrue(cold >= 4, "the first search reads postings, facets, buckets and hits: " + cold);
        assertTrue(first.total() > 0, "the query matches something");
        assertEquals(first, index.search(query("summer"), scope));
        assertEquals(cold, store.reads.get(), "the same search again is served from the cache");

        SearchDocument added = SearchDocument.of("new-summer-asset", 1, "Summer extra", Instant.parse(
                "2026-01-01T00:00:00Z"), List.of("summer"), Map.of(Facet.TYPE, List.of("image"), Facet.STATUS,
                List.of("approved"), Facet.BRAND, List.of("Acme")));
        index.apply(added);
        SearchPage after = index.search(query("summer"), scope);
        assertEquals(first.total() + 1, after.total(), "the new document is found by the next search");
        assertTrue(store.reads.get() > cold, "the change dropped the cache");
    }

    @Test
    void sharedCachedBitmapsGiveTheSameAnswersAsFreshReads() {
        CountingStore store = new CountingStore();
        new BulkLoader(store).load(SyntheticLibrary.documents(5_000, 8));
        BitmapLibraryIndex cached = new BitmapLibraryIndex(store, CURSORS, pool);
        BitmapLibraryIndex uncached = new BitmapLibraryIndex(store, CURSORS, pool, 0);
        List<String> words = List.of("summer", "beach", "people", "city", "coffee");
        for (int round = 0; round < 3; round++) {
            for (String w : words) {
                for (var scope : SearchCorrectnessTest.scopes()) {
                    SearchQuery q = SearchQuery.parse(Map.of("q", List.of(w), "sort", List.of(round == 1 ? "title"
                            : "newest"), "createdFrom", List.of("2024-03-05"), "facets",
                            List.of("brand,status,colour,created,uploader")));
                    assertEquals(uncached.search(q, scope), cached.search(q, scope), q + " " + scope);
                }
            }
        }
    }
}
