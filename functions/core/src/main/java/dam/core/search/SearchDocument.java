package dam.core.search;

import dam.core.library.LibraryAsset;
import dam.core.library.Visibility;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the index knows about one asset: keyword tokens (title, description, user keywords, AI tags, OCR text),
 * facet values (folded), the title and creation time for sorting, and {@code sourceVersion} — the asset's revision
 * the document was projected from, so a late or repeated stream record never overwrites a newer document.
 */
public record SearchDocument(String assetId, long sourceVersion, String title, Instant createdAt, Set<String> words,
                             Map<Facet, Set<String>> facets) {

    public static final int MAX_WORDS = 2_000;

    public SearchDocument {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(createdAt, "createdAt");
        title = title == null ? "" : title;
        words = Set.copyOf(words);
        Map<Facet, Set<String>> f = new EnumMap<>(Facet.class);
        facets.forEach((k, v) -> {
            if (!v.isEmpty()) {
                f.put(k, Set.copyOf(v));
            }
        });
        String month = createdAt.atZone(ZoneOffset.UTC).toLocalDate().toString();
        f.put(Facet.CREATED, Set.of(month.substring(0, 7)));
        f.put(Facet.CREATED_DAY, Set.of(month));
        facets = java.util.Collections.unmodifiableMap(f);
    }

    /** Builds a document from raw fields: texts are tokenised, facet values folded, blanks dropped. */
    public static SearchDocument of(String assetId, long sourceVersion, String title, Instant createdAt,
                                    Collection<String> texts, Map<Facet, ? extends Collection<String>> rawFacets) {
        Set<String> words = new LinkedHashSet<>(Tokens.of(title));
        for (String t : texts) {
            for (String w : Tokens.of(t)) {
                if (words.size() >= MAX_WORDS) {
                    break; // a page of OCR text must not make one document unbounded
                }
                words.add(w);
            }
        }
        Map<Facet, Set<String>> facets = new EnumMap<>(Facet.class);
        rawFacets.forEach((facet, values) -> {
            Set<String> vs = new LinkedHashSet<>();
            for (String v : values) {
                String folded = Tokens.value(v);
                if (folded != null && !folded.isEmpty() && folded.length() <= SearchQuery.MAX_VALUE) {
                    vs.add(folded);
                }
            }
            facets.put(facet, vs);
        });
        return new SearchDocument(assetId, sourceVersion, title, createdAt, words, facets);
    }

    public Set<String> values(Facet f) {
        return facets.getOrDefault(f, Set.of());
    }

    public String one(Facet f) {
        Set<String> v = values(f);
        return v.isEmpty() ? null : v.iterator().next();
    }

    /** The permission view of this document (values folded, as the index holds them). */
    public LibraryAsset asLibraryAsset() {
        Visibility v = Visibility.parse(one(Facet.STATUS)).orElse(Visibility.DRAFT);
        return new LibraryAsset(assetId, one(Facet.BRAND), one(Facet.BRIEF), one(Facet.UPLOADER), v,
                values(Facet.COLLECTION));
    }
}
