package dam.e2e;

import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.LibraryPolicy;
import dam.core.library.SearchScope;
import dam.core.library.Viewer;
import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import dam.core.search.memory.InMemoryLibraryIndex;
import dam.search.BitmapLibraryIndex;
import dam.search.BulkLoader;
import dam.search.DynamoPostingStore;
import dam.search.testing.SyntheticLibrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bitmap index on the local cloud's DynamoDB (a table of its own, seeded directly with the bulk loader, not via
 * ingest): keyword + 2 facet queries under several callers' scopes return exactly what a brute-force filter over the
 * same documents returns — hits, order, totals and facet counts — and concurrent updates of documents sharing
 * posting chunks (conditional writes, retried) lose nothing. Prints latency and item reads per query.
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchIndexE2ETest {

    static final int DOCUMENTS = 10_000; // numbered across chunk boundaries (below); 100,000 is bench/SearchBench
    static final Cursors CURSORS = new Cursors("search-e2e-cursor-key".getBytes(StandardCharsets.UTF_8));

    private DynamoDbClient db;
    private DynamoPostingStore store;
    private BitmapLibraryIndex index;
    private final InMemoryLibraryIndex oracle = new InMemoryLibraryIndex(CURSORS);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeAll
    void seed(TestCloud cloud) {
        db = cloud.dynamodb();
        String table = "search-it-" + UUID.randomUUID().toString().substring(0, 8);
        db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("PK")
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build()));
        db.waiter().waitUntilTableExists(b -> b.tableName(table));
        store = new DynamoPostingStore(db, table);
        index = new BitmapLibraryIndex(store, CURSORS, pool);
        List<SearchDocument> docs = SyntheticLibrary.documents(DOCUMENTS, 2026);
        // Document numbers 258,000..267,999 straddle a posting chunk (262,144) and sort-key chunk boundary, and
        // chunk 0 is empty: the multi-chunk reads of a big library, at a tenth of its seeding time.
        store.allocate(258_000);
        long t0 = System.nanoTime();
        new BulkLoader(store).load(docs);
        System.out.printf("search e2e: bulk-loaded %d documents in %d ms%n", DOCUMENTS,
                (System.nanoTime() - t0) / 1_000_000);
        docs.forEach(oracle::apply);
    }

    @AfterAll
    void close() {
        pool.shutdownNow();
        db.close();
    }

    static List<SearchScope> scopes() {
        return List.of(
                LibraryPolicy.searchScope(Viewer.of(new Principal("root", null, Set.of(Role.ADMIN), Set.of()))),
                LibraryPolicy.searchScope(Viewer.of(new Principal("user3", null, Set.of(Role.CREATOR),
                        Set.of("Acme", "Globex")))),
                LibraryPolicy.searchScope(new Viewer(new Principal("ext", null, Set.of(Role.EXTERNAL), Set.of()),
                        Set.of("coll1", "coll2", "coll3", "coll4"), Set.of())));
    }

    static SearchQuery query(Map<String, String> params) {
        Map<String, List<String>> p = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, List.of(v)));
        return SearchQuery.parse(p);
    }

    @Test
    void keywordPlusTwoFacetsMatchesBruteForceWithCounts() {
        Random r = new Random(5);
        List<String> words = List.of("summer", "beach", "people", "city", "coffee", "team", "launch");
        List<Long> nanos = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        int nonEmpty = 0;
        for (int i = 0; i < 12; i++) {
            SearchQuery q = query(Map.of("q", words.get(r.nextInt(words.size())),
                    "type", SyntheticLibrary.TYPES.get(r.nextInt(SyntheticLibrary.TYPES.size())),
                    "colour", SyntheticLibrary.COLOURS.get(r.nextInt(SyntheticLibrary.COLOURS.size())),
                    "sort", List.of("newest", "oldest", "title").get(i % 3),
                    "facets", "type,brand,status,colour,channel,rights,created"));
            for (SearchScope scope : scopes()) {
                long items = store.itemsRead();
                long t0 = System.nanoTime();
                SearchPage actual = index.search(q, scope);
                nanos.add(System.nanoTime() - t0);
                reads.add(store.itemsRead() - items);
                SearchPage expected = oracle.search(q, scope);
                assertThat(actual.total()).as("%s %s", q, scope).isEqualTo(expected.total());
                assertThat(actual.hits()).as("%s %s", q, scope).isEqualTo(expected.hits());
                assertThat(actual.facets()).as("%s %s", q, scope).isEqualTo(expected.facets());
                nonEmpty += expected.total() > 0 ? 1 : 0;
            }
        }
        assertThat(nonEmpty).as("queries that find something").isGreaterThan(15);
        Collections.sort(nanos);
        Collections.sort(reads);
        System.out.printf("search e2e: %d documents, %d queries: p50 %.1f ms, p95 %.1f ms, items read p50 %d, max %d%n",
                DOCUMENTS, nanos.size(), nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 95 / 100) / 1e6,
                reads.get(reads.size() / 2), reads.get(reads.size() - 1));
    }

    @Test
    void concurrentUpdatesOfDocumentsSharingChunksLoseNothing() throws Exception {
        List<SearchDocument> updates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            updates.add(SearchDocument.of("asset-" + (i * 7), 100, "Renamed hero " + i,
                    Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i), List.of("concurrentword"), Map.of(
                            Facet.BRAND, List.of("Acme"), Facet.STATUS, List.of("approved"),
                            Facet.TYPE, List.of("image"))));
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (SearchDocument d : updates) {
                done.add(writers.submit(() -> index.apply(d)));
            }
            for (Future<Boolean> f : done) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            writers.shutdownNow();
        }
        updates.forEach(oracle::apply);
        SearchScope admin = scopes().get(0);
        SearchQuery q = query(Map.of("q", "concurrentword", "limit", "100", "facets", "brand,status"));
        SearchPage page = index.search(q, admin);
        assertThat(page.total()).isEqualTo(40);
        sameResults(page, oracle.search(q, admin));
        SearchQuery acme = query(Map.of("brand", "acme", "limit", "50", "sort", "title"));
        sameResults(index.search(acme, admin), oracle.search(acme, admin));
        assertThat(index.apply(updates.get(0))).as("a repeated record changes nothing").isFalse();
    }

    /** Hits, total and counts; cursors differ (the index numbers documents from 258,000, the oracle from 0). */
    private static void sameResults(SearchPage actual, SearchPage expected) {
        assertThat(actual.hits()).isEqualTo(expected.hits());
        assertThat(actual.total()).isEqualTo(expected.total());
        assertThat(actual.facets()).isEqualTo(expected.facets());
        assertThat(actual.nextCursor() == null).isEqualTo(expected.nextCursor() == null);
    }

    @Test
    void cursorsPageThroughAndTamperingIsRefused() {
        SearchScope creator = scopes().get(1);
        SearchQuery first = query(Map.of("q", "summer", "brand", "acme", "limit", "30", "sort", "title"));
        List<String> paged = new ArrayList<>();
        SearchQuery q = first;
        for (int pages = 0; pages < 200; pages++) {
            SearchPage p = index.search(q, creator);
            p.hits().forEach(h -> paged.add(h.assetId()));
            if (p.nextCursor() == null) {
                break;
            }
            q = new SearchQuery(q.words(), q.filters(), null, null, q.sort(), q.limit(), p.nextCursor(), q.counted());
        }
        List<String> all = new ArrayList<>();
        oracle.search(new SearchQuery(first.words(), first.filters(), null, null, first.sort(), 100, null,
                first.counted()), creator).hits().forEach(h -> all.add(h.assetId()));
        assertThat(paged.size()).isEqualTo(index.search(first, creator).total());
        assertThat(paged.subList(0, Math.min(100, paged.size()))).isEqualTo(all);
        String cursor = index.search(first, creator).nextCursor();
        String tampered = cursor.substring(0, 2) + (cursor.charAt(2) == 'Q' ? 'R' : 'Q') + cursor.substring(3);
        SearchQuery bad = new SearchQuery(first.words(), first.filters(), null, null, first.sort(), 30, tampered,
                first.counted());
        assertThatThrownBy(() -> index.search(bad, creator)).isInstanceOf(ValidationException.class);
    }
}
