package dam.core.search;

import dam.core.FieldError;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.LibraryPolicy;
import dam.core.library.SearchScope;
import dam.core.library.Viewer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchQueryTest {

    private static final Cursors CURSORS = new Cursors("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    private static final SearchScope SCOPE = LibraryPolicy.searchScope(Viewer.of(new Principal("u", null,
            Set.of(Role.VIEWER), Set.of("Acme"))));

    private static List<FieldError> errors(Map<String, List<String>> params) {
        return assertThrows(ValidationException.class, () -> SearchQuery.parse(params)).errors();
    }

    @Test
    void parsesKeywordsFiltersDatesSortAndFacets() {
        SearchQuery q = SearchQuery.parse(Map.of("q", List.of("Summer  BEACH, café"), "type", List.of("image,video"),
                "brand", List.of("Acme"), "createdFrom", List.of("2026-01-01"), "sort", List.of("title"),
                "limit", List.of("50"), "facets", List.of("brand,collection")));
        assertEquals(Set.of("summer", "beach", "cafe"), q.words());
        assertEquals(Map.of(Facet.TYPE, Set.of("image", "video"), Facet.BRAND, Set.of("acme")), q.filters());
        assertEquals(Sort.TITLE, q.sort());
        assertEquals(50, q.limit());
        assertEquals(Set.of(Facet.BRAND, Facet.COLLECTION), q.counted());
        assertEquals("2026-01-01", q.createdFrom().toString());
    }

    @Test
    void badInputIsEveryReasonAtOnce() {
        List<FieldError> e = errors(Map.of("q", List.of("x".repeat(10_000)), "flavour", List.of("x"),
                "facets", List.of("type,smell"), "limit", List.of("1000"), "createdFrom", List.of("yesterday"),
                "status", List.of("secret"), "sort", List.of("random")));
        assertEquals(Set.of("q", "flavour", "facets", "limit", "createdFrom", "status", "sort"),
                e.stream().map(FieldError::field).collect(java.util.stream.Collectors.toSet()));
        assertTrue(e.stream().anyMatch(f -> f.code().equals("too_long")));
        assertEquals("createdFrom", errors(Map.of("createdFrom", List.of("2026-02-01"),
                "createdTo", List.of("2026-01-01"))).get(0).field());
        assertEquals("brand", errors(Map.of("brand", List.of("b".repeat(201)))).get(0).field());
    }

    @Test
    void injectionLookingTextIsJustWords() {
        SearchQuery nosql = SearchQuery.parse(Map.of("q", List.of("{\"$gt\": \"\"} ' OR 1=1; DROP TABLE dam --")));
        assertEquals(Set.of("gt", "or", "drop", "table", "dam"), nosql.words());
        assertEquals(Set.of(), SearchQuery.parse(Map.of("q", List.of("!!! ''' $$$"))).words());
    }

    @Test
    void cursorsAreSignedAndBoundToTheQueryAndScope() {
        SearchQuery q = SearchQuery.parse(Map.of("q", List.of("summer")));
        String c = CURSORS.encode(q, SCOPE, new Cursors.Position(1234L, 7));
        SearchQuery next = SearchQuery.parse(Map.of("q", List.of("summer"), "cursor", List.of(c),
                "limit", List.of("5")));
        assertEquals(new Cursors.Position(1234L, 7), CURSORS.decode(next, SCOPE));
        SearchQuery other = SearchQuery.parse(Map.of("q", List.of("winter"), "cursor", List.of(c)));
        assertThrows(ValidationException.class, () -> CURSORS.decode(other, SCOPE));
        SearchScope otherScope = LibraryPolicy.searchScope(Viewer.of(new Principal("u", null, Set.of(Role.VIEWER),
                Set.of("Globex"))));
        assertThrows(ValidationException.class, () -> CURSORS.decode(next, otherScope));
        for (int i = 0; i < c.length(); i++) {
            char flipped = c.charAt(i) == 'A' ? 'B' : 'A';
            String bad = c.substring(0, i) + flipped + c.substring(i + 1);
            SearchQuery tampered = SearchQuery.parse(Map.of("q", List.of("summer"), "cursor", List.of(bad)));
            assertThrows(ValidationException.class, () -> CURSORS.decode(tampered, SCOPE), "byte " + i);
        }
        Cursors otherKey = new Cursors("another-secret-0123456".getBytes(StandardCharsets.UTF_8));
        assertThrows(ValidationException.class, () -> otherKey.decode(next, SCOPE));
    }

    @Test
    void tokensAndTitleKeysOrderLikeTheirBuckets() {
        assertEquals(Set.of("cafe", "creme", "brulee", "2026"), Tokens.of("Café crème-brûlée 2026 a"));
        assertTrue(Tokens.titleKey("alpha") < Tokens.titleKey("alpha two"));
        assertTrue(Tokens.titleKey("Alpha two") < Tokens.titleKey("bravo"));
        assertTrue(Tokens.titleKey("9 lives") < Tokens.titleKey("a"));
        assertEquals(Tokens.titleKey("...zulu"), Tokens.titleKey("zulu"));
        assertEquals("z", Tokens.titleBucket("...Zulu"));
        assertEquals("!", Tokens.titleBucket("***"));
        assertNotEquals(Tokens.titleKey("abcdefghijkl"), Tokens.titleKey("abcdefghijkm"));
    }

    @Test
    void documentsFoldValuesAndDeriveCreatedBuckets() {
        SearchDocument d = SearchDocument.of("a1", 3, "Hero", Instant.parse("2026-11-25T23:30:00Z"),
                List.of("Sky", "OCR: SALE"), Map.of(Facet.BRAND, List.of(" Acme "), Facet.STATUS, List.of("approved")));
        assertEquals(Set.of("hero", "sky", "ocr", "sale"), d.words());
        assertEquals(Set.of("acme"), d.values(Facet.BRAND));
        assertEquals(Set.of("2026-11"), d.values(Facet.CREATED));
        assertEquals(Set.of("2026-11-25"), d.values(Facet.CREATED_DAY));
    }
}
