package dam.search;

import dam.core.search.Facet;
import dam.core.search.SearchDocument;
import dam.core.search.Sort;
import dam.core.search.Tokens;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The terms a document is posted under, as strings kept in its {@link PostingStore.DocRecord}: {@code f|field|value}
 * for a posting list, {@code s|sortField|bucket|key} for a sort bucket (the key is part of the term, so a changed
 * title or time re-files the document); each sort bucket is also a plain posting list ({@link #buckets}).
 */
public final class Terms {

    public static final String WORD = "word";
    public static final String SORT_CREATED = "~created";
    public static final String SORT_TITLE = "~title";

    private Terms() {
    }

    /** A parsed term: where it is stored and, for sort buckets, the document's key there. */
    public record Term(String field, String value, boolean sort, long sortKey) {
        PostingStore.Key key(int doc) {
            return new PostingStore.Key(field, value, sort ? PostingStore.sortChunkOf(doc) : PostingStore.chunkOf(doc));
        }
    }

    public static Set<String> of(SearchDocument d) {
        Set<String> out = new LinkedHashSet<>();
        d.words().forEach(w -> out.add(posting(WORD, w)));
        d.facets().forEach((f, values) -> values.forEach(v -> out.add(posting(f.code(), v))));
        out.add(sort(SORT_CREATED, createdBucket(d.createdAt()), Sort.NEWEST.key(d)));
        out.add(sort(SORT_TITLE, Tokens.titleBucket(d.title()), Sort.TITLE.key(d)));
        // The same buckets as plain posting lists (big chunks, no keys): a search lists these to find the buckets
        // holding matches, then reads sort keys of those buckets only.
        out.add(posting(buckets(SORT_CREATED), createdBucket(d.createdAt())));
        out.add(posting(buckets(SORT_TITLE), Tokens.titleBucket(d.title())));
        return out;
    }

    /** The field of a sort's bucket bitmaps. */
    public static String buckets(String sortField) {
        return sortField + ":b";
    }

    static String posting(String field, String value) {
        return "f|" + field + "|" + value;
    }

    static String sort(String field, String bucket, long key) {
        return "s|" + field + "|" + bucket + "|" + key;
    }

    public static Term parse(String term) {
        boolean sort = term.startsWith("s|");
        int a = term.indexOf('|', 2);
        String field = term.substring(2, a);
        if (!sort) {
            return new Term(field, term.substring(a + 1), false, 0);
        }
        int b = term.lastIndexOf('|');
        return new Term(field, term.substring(a + 1, b), true, Long.parseLong(term.substring(b + 1)));
    }

    public static String sortField(Sort s) {
        return s == Sort.TITLE ? SORT_TITLE : SORT_CREATED;
    }

    static String createdBucket(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    }

    /** The bucket a sort key falls in (inverse of the bucketing in {@link #of}). */
    public static String bucketOf(Sort s, long key) {
        if (s != Sort.TITLE) {
            return createdBucket(Instant.ofEpochMilli(key));
        }
        long first = key / pow37(11);
        if (first == 0) {
            return "!";
        }
        return first <= 10 ? String.valueOf((char) ('0' + first - 1)) : String.valueOf((char) ('a' + first - 11));
    }

    private static long pow37(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 37;
        }
        return p;
    }

    /** The facet field names the index stores; {@link Facet#CREATED_DAY} serves date ranges. */
    public static String field(Facet f) {
        return f.code();
    }
}
