package dam.search;

import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.LibraryPolicy;
import dam.core.library.SearchScope;
import dam.core.library.Viewer;
import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.LibraryIndex;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link LibraryIndex} does; subclasses say which index. */
abstract class LibraryIndexContract {

    static final Cursors CURSORS = new Cursors("contract-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    static final SearchScope ADMIN = LibraryPolicy.searchScope(Viewer.of(new Principal("root", null,
            Set.of(Role.ADMIN), Set.of())));

    abstract LibraryIndex index();

    static SearchDocument doc(String id, long version, String title, String created, String status, String brand,
                              String... texts) {
        return SearchDocument.of(id, version, title, Instant.parse(created), List.of(texts), Map.of(
                Facet.STATUS, List.of(status), Facet.BRAND, List.of(brand), Facet.TYPE, List.of("image"),
                Facet.UPLOADER, List.of("cara")));
    }

    static SearchQuery q(String... kv) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return SearchQuery.parse(params);
    }

    static List<String> ids(SearchPage p) {
        return p.hits().stream().map(SearchPage.Hit::assetId).toList();
    }

    @Test
    void keywordsFromEveryTextFieldAndFacetsAndCounts() {
        LibraryIndex idx = index();
        idx.apply(doc("a1", 1, "Summer Beach", "2026-06-01T10:00:00Z", "approved", "Acme", "ocr: SALE 50%"));
        idx.apply(doc("a2", 1, "Winter city", "2026-01-01T10:00:00Z", "approved", "Globex", "people"));
        idx.apply(doc("a3", 1, "Summer people", "2026-07-01T10:00:00Z", "draft", "Acme", "Café"));

        assertEquals(List.of("a3", "a1"), ids(idx.search(q("q", "summer"), ADMIN)));
        assertEquals(List.of("a1"), ids(idx.search(q("q", "SALE"), ADMIN)), "OCR text, case folded");
        assertEquals(List.of("a3"), ids(idx.search(q("q", "cafe"), ADMIN)), "accents folded");
        SearchPage p = idx.search(q("q", "summer", "status", "approved"), ADMIN);
        assertEquals(List.of("a1"), ids(p));
        assertEquals(1, p.total());
        assertEquals(Map.of("acme", 1L), p.facets().get("brand"));
        SearchPage all = idx.search(q("brand", "acme,globex"), ADMIN);
        assertEquals(3, all.total());
        assertEquals(Map.of("approved", 2L, "draft", 1L), all.facets().get("status"));
        assertEquals(Map.of("2026-01", 1L, "2026-06", 1L, "2026-07", 1L), all.facets().get("created"));
        assertEquals(0, idx.search(q("q", "summer nothere"), ADMIN).total());
    }

    @Test
    void scopeFiltersResultsAndCounts() {
        LibraryIndex idx = index();
        idx.apply(doc("a1", 1, "One", "2026-06-01T10:00:00Z", "approved", "Acme"));
        idx.apply(doc("a2", 1, "Two", "2026-06-02T10:00:00Z", "approved", "Globex"));
        idx.apply(doc("a3", 1, "Three", "2026-06-03T10:00:00Z", "draft", "Acme"));
        idx.apply(doc("a4", 1, "Four", "2026-06-04T10:00:00Z", "expired", "Acme"));
        SearchScope viewer = LibraryPolicy.searchScope(Viewer.of(new Principal("vic", null, Set.of(Role.VIEWER),
                Set.of("Acme"))));
        SearchPage p = idx.search(SearchQuery.all(), viewer);
        assertEquals(List.of("a1"), ids(p));
        assertEquals(Map.of("acme", 1L), p.facets().get("brand"), "counts only what the caller may see");
        SearchScope uploader = LibraryPolicy.searchScope(Viewer.of(new Principal("cara", null, Set.of(Role.CREATOR),
                Set.of("Acme"))));
        assertEquals(List.of("a3", "a1"), ids(idx.search(SearchQuery.all(), uploader)), "own draft + library");
        assertEquals(List.of("a4", "a3", "a2", "a1"), ids(idx.search(SearchQuery.all(), ADMIN)));
        assertEquals(0, idx.search(SearchQuery.all(), SearchScope.NOTHING).total());
    }

    @Test
    void reindexingMovesTermsAndIgnoresRepeatsAndOlderVersions() {
        LibraryIndex idx = index();
        assertTrue(idx.apply(doc("a1", 2, "Old title", "2026-06-01T10:00:00Z", "draft", "Acme", "sky")));
        assertFalse(idx.apply(doc("a1", 2, "Old title", "2026-06-01T10:00:00Z", "draft", "Acme", "sky")));
        assertFalse(idx.apply(doc("a1", 1, "Older", "2026-06-01T10:00:00Z", "draft", "Acme", "stale")));
        assertTrue(idx.apply(doc("a1", 3, "New title", "2026-06-01T10:00:00Z", "approved", "Acme", "sea")));
        assertEquals(0, idx.search(q("q", "sky"), ADMIN).total(), "old terms removed");
        assertEquals(0, idx.search(q("q", "stale"), ADMIN).total());
        assertEquals(List.of("a1"), ids(idx.search(q("q", "sea", "status", "approved"), ADMIN)));
        assertEquals("New title", idx.search(q("q", "sea"), ADMIN).hits().get(0).title());
        assertEquals(0, idx.search(q("status", "draft"), ADMIN).total());
        assertFalse(idx.remove("a1", 3), "not newer than what is indexed");
        assertTrue(idx.remove("a1", 4));
        assertEquals(0, idx.search(SearchQuery.all(), ADMIN).total());
        assertFalse(idx.apply(doc("a1", 3, "Late record", "2026-06-01T10:00:00Z", "approved", "Acme")),
                "a record older than the delete does not resurrect it");
    }

    @Test
    void sortsAndPagesWithStableSignedCursors() {
        LibraryIndex idx = index();
        String[] titles = {"delta", "Alpha", "charlie", "bravo", "echo", "alpha two", "123 go", "...zulu"};
        for (int i = 0; i < titles.length; i++) {
            idx.apply(doc("a" + i, 1, titles[i], "2026-0" + (1 + i % 3) + "-1" + i + "T10:00:00Z", "approved",
                    "Acme"));
        }
        assertEquals(List.of("a6", "a1", "a5", "a3", "a2", "a0", "a4", "a7"),
                pageThrough(idx, q("sort", "title", "limit", "3")));
        List<String> newest = pageThrough(idx, q("limit", "2"));
        List<String> oldest = pageThrough(idx, q("sort", "oldest", "limit", "5"));
        assertEquals(8, newest.size());
        List<String> reversed = new ArrayList<>(oldest);
        java.util.Collections.reverse(reversed);
        assertEquals(newest, reversed);
        assertEquals(List.of("a5", "a2", "a7", "a4", "a1", "a6", "a3", "a0"), newest);

        SearchPage first = idx.search(q("limit", "2"), ADMIN);
        String c = first.nextCursor();
        char flip = c.charAt(3) == 'A' ? 'B' : 'A';
        String tampered = c.substring(0, 3) + flip + c.substring(4);
        ValidationException bad = assertThrows(ValidationException.class,
                () -> idx.search(q("limit", "2", "cursor", tampered), ADMIN));
        assertEquals("cursor", bad.errors().get(0).field());
        assertThrows(ValidationException.class, () -> idx.search(q("limit", "2", "cursor", c, "q", "alpha"), ADMIN),
                "a cursor of another query");
        assertThrows(ValidationException.class, () -> idx.search(q("cursor", "garbage"), ADMIN));
        assertEquals(ids(idx.search(q("limit", "2", "cursor", c), ADMIN)),
                ids(idx.search(q("limit", "7", "cursor", c), ADMIN)).subList(0, 2), "page size may change");
    }

    @Test
    void dateRangesAreInclusiveDays() {
        LibraryIndex idx = index();
        idx.apply(doc("a1", 1, "t", "2026-01-31T23:59:59Z", "approved", "Acme"));
        idx.apply(doc("a2", 1, "t", "2026-02-01T00:00:00Z", "approved", "Acme"));
        idx.apply(doc("a3", 1, "t", "2026-03-15T12:00:00Z", "approved", "Acme"));
        idx.apply(doc("a4", 1, "t", "2026-04-01T00:00:00Z", "approved", "Acme"));
        assertEquals(List.of("a3", "a2"), ids(idx.search(q("createdFrom", "2026-02-01", "createdTo", "2026-03-31"),
                ADMIN)));
        assertEquals(List.of("a4", "a3"), ids(idx.search(q("createdFrom", "2026-03-15"), ADMIN)));
        assertEquals(List.of("a1"), ids(idx.search(q("createdTo", "2026-01-31"), ADMIN)));
        assertEquals(List.of("a2"), ids(idx.search(q("created", "2026-02"), ADMIN)));
    }

    static List<String> pageThrough(LibraryIndex idx, SearchQuery first) {
        List<String> out = new ArrayList<>();
        SearchQuery q = first;
        for (int i = 0; i < 100; i++) {
            SearchPage p = idx.search(q, ADMIN);
            out.addAll(ids(p));
            if (p.nextCursor() == null) {
                return out;
            }
            q = new SearchQuery(q.words(), q.filters(), q.createdFrom(), q.createdTo(), q.sort(), q.limit(),
                    p.nextCursor(), q.counted());
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void emptyIndexAnswersEmpty() {
        SearchPage p = index().search(q("q", "anything"), ADMIN);
        assertEquals(0, p.total());
        assertNull(p.nextCursor());
    }
}
