package dam.search;

import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.LibraryPolicy;
import dam.core.library.SearchScope;
import dam.core.library.Viewer;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import dam.core.search.memory.InMemoryLibraryIndex;
import dam.search.testing.SyntheticLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dam.search.LibraryIndexContract.CURSORS;
import static dam.search.LibraryIndexContract.pageThrough;
import static dam.search.LibraryIndexContract.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bitmap index against brute force over 20,000 synthetic documents (numbered across a posting-chunk boundary, two sort-key chunks): random keyword +
 * facet + date queries under several callers' scopes must give the same hits in the same order, the same totals and
 * the same facet counts — for an index built by the bulk loader and one updated document by document.
 */
class SearchCorrectnessTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static List<SearchScope> scopes() {
        return List.of(
                LibraryPolicy.searchScope(Viewer.of(new Principal("root", null, Set.of(Role.ADMIN), Set.of()))),
                LibraryPolicy.searchScope(Viewer.of(new Principal("user3", null, Set.of(Role.CREATOR),
                        Set.of("Acme", "Globex")))),
                LibraryPolicy.searchScope(new Viewer(new Principal("ext", null, Set.of(Role.EXTERNAL), Set.of()),
                        Set.of("coll1", "coll7", "coll9"), Set.of())),
                LibraryPolicy.searchScope(new Viewer(new Principal("user9", null, Set.of(Role.REVIEWER),
                        Set.of("Hooli")), Set.of(), Set.of("brief7", "brief8"))));
    }

    @Test
    void bitmapIndexAgreesWithBruteForce() {
        List<SearchDocument> docs = SyntheticLibrary.documents(20_000, 42);
        InMemoryLibraryIndex oracle = new InMemoryLibraryIndex(CURSORS);
        docs.forEach(oracle::apply);
        InMemoryPostingStore store = new InMemoryPostingStore();
        // Numbers from 250,000 on: the documents straddle a posting-chunk boundary (262,144) and chunk 0 is empty.
        store.allocate(250_000);
        new BulkLoader(store).load(docs);
        BitmapLibraryIndex bitmap = new BitmapLibraryIndex(store, CURSORS, pool);

        Random r = new Random(7);
        List<String> words = List.of("summer", "beach", "people", "city", "coffee", "sale", "team");
        int nonEmpty = 0;
        for (int i = 0; i < 30; i++) {
            SearchQuery query = q("q", words.get(r.nextInt(words.size())),
                    "type", SyntheticLibrary.TYPES.get(r.nextInt(4)),
                    "channel", SyntheticLibrary.CHANNELS.get(r.nextInt(5)) + "," + SyntheticLibrary.CHANNELS.get(
                            r.nextInt(5)),
                    "sort", List.of("newest", "oldest", "title").get(i % 3),
                    "createdFrom", i % 4 == 0 ? "2025-02-11" : "2024-01-01",
                    "limit", "25", "facets", "brand,status,colour,created,uploader");
            for (SearchScope scope : scopes()) {
                SearchPage expected = oracle.search(query, scope);
                SearchPage actual = bitmap.search(query, scope);
                assertEquals(expected.total(), actual.total(), query + " " + scope);
                assertEquals(expected.hits(), actual.hits(), query + " " + scope);
                assertEquals(expected.facets(), actual.facets(), query + " " + scope);
                assertEquals(expected.nextCursor() == null, actual.nextCursor() == null);
                nonEmpty += expected.total() > 0 ? 1 : 0;
            }
        }
        assertTrue(nonEmpty > 50, "the queries are not all empty: " + nonEmpty);
        SearchQuery wide = q("q", "summer", "colour", "red", "limit", "100", "sort", "title");
        assertEquals(pageThrough(oracle, wide), pageThrough(bitmap, wide), "every page, through the cursors");
    }

    @Test
    void documentByDocumentUpdatesGiveTheSameIndexAsTheBulkLoader() {
        List<SearchDocument> docs = SyntheticLibrary.documents(2_000, 11);
        InMemoryPostingStore bulk = new InMemoryPostingStore();
        new BulkLoader(bulk).load(docs);
        InMemoryPostingStore incremental = new InMemoryPostingStore();
        BitmapLibraryIndex one = new BitmapLibraryIndex(incremental, CURSORS, pool);
        docs.forEach(one::apply);
        BitmapLibraryIndex all = new BitmapLibraryIndex(bulk, CURSORS, pool);
        for (SearchScope scope : scopes()) {
            for (String word : List.of("summer", "people", "asset17")) {
                SearchQuery query = q("q", word, "limit", "100", "facets", "brand,status,type,collection");
                assertEquals(all.search(query, scope), one.search(query, scope));
            }
        }
    }
}
