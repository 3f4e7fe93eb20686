package dam.search;

import dam.core.library.SearchScope;
import dam.core.library.Visibility;
import dam.core.search.Cursors;
import dam.core.search.Facet;
import dam.core.search.LibraryIndex;
import dam.core.search.Ordering;
import dam.core.search.SearchDocument;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import dam.core.search.Sort;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link LibraryIndex} as compressed bitmaps (Roaring) over dense document numbers, stored through a
 * {@link PostingStore}. A search reads only the posting lists it names: keyword terms and filter values are ANDed,
 * the caller's {@link SearchScope} becomes bitmaps too (brand × status, collections, own/team drafts), facet counts
 * are AND-cardinalities of the result with each value's bitmap, and a page is cut from sort buckets (month of
 * creation, first letter of the title) that carry their documents' sort keys — so no query scans documents.
 */
public final class BitmapLibraryIndex implements LibraryIndex {

    private static final System.Logger LOG = System.getLogger(BitmapLibraryIndex.class.getName());
    /** Values read per facet for counts: every value of the low-cardinality facets; the top of the rest. */
    static final int FACET_ITEMS_MAX = 2_000;
    static final int RETRIES = 50;
    /** Postings a warm container keeps between searches (see {@link PostingCache}). */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    private final PostingStore store;
    private final Cursors cursors;
    private final Executor executor;
    private final PostingCache cache;

    /** @param executor runs the facet reads of one search in parallel */
    public BitmapLibraryIndex(PostingStore store, Cursors cursors, Executor executor) {
        this(store, cursors, executor, DEFAULT_CACHE_BYTES);
    }

    /** @param cacheBytes postings kept between searches while the index is unchanged (0: read everything anew) */
    public BitmapLibraryIndex(PostingStore store, Cursors cursors, Executor executor, long cacheBytes) {
        this.store = Objects.requireNonNull(store);
        this.cursors = Objects.requireNonNull(cursors);
        this.executor = Objects.requireNonNull(executor);
        this.cache = new PostingCache(store, cacheBytes);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public boolean apply(SearchDocument d) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            PostingStore.DocRecord rec = store.doc(d.assetId()).orElse(null);
            if (rec != null && rec.sourceVersion() >= d.sourceVersion()) {
                return false; // a repeat or an older record: the index already holds this or newer
            }
            if (rec == null) {
                rec = new PostingStore.DocRecord(d.assetId(), store.allocate(1), -1, Set.of(), Set.of(), false, 0);
                if (!store.putDoc(rec)) {
                    continue; // another indexer numbered it first: use theirs (this number stays a gap)
                }
                rec = store.doc(d.assetId()).orElseThrow();
            }
            Set<String> next = Terms.of(d);
            if (!write(rec, next, d.sourceVersion(), false,
                    Map.of(rec.doc(), new PostingStore.Hit(d.assetId(), d.title(), d.createdAt())))) {
                continue;
            }
            return true;
        }
        throw new IllegalStateException("could not index " + d.assetId() + ": " + RETRIES + " conflicting updates");
    }

    @Override
    public boolean remove(String assetId, long sourceVersion) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            PostingStore.DocRecord rec = store.doc(assetId).orElse(null);
            if (rec == null || rec.sourceVersion() >= sourceVersion) {
                return false;
            }
            if (write(rec, Set.of(), sourceVersion, true, Map.of())) {
                return true;
            }
        }
        throw new IllegalStateException("could not remove " + assetId + ": " + RETRIES + " conflicting updates");
    }

    /**
     * Moves a document from its recorded terms to {@code next}: first records the intent (pending terms), then
     * updates the touched chunks, then records the result. False when the record changed meanwhile (retry).
     */
    private boolean write(PostingStore.DocRecord rec, Set<String> next, long sourceVersion, boolean removed,
                          Map<Integer, PostingStore.Hit> hit) {
        boolean recovering = !rec.pending().isEmpty();
        Set<String> pending = new HashSet<>(rec.pending());
        pending.addAll(next);
        PostingStore.DocRecord intent = new PostingStore.DocRecord(rec.assetId(), rec.doc(), rec.sourceVersion(),
                rec.terms(), pending, rec.removed(), rec.version());
        if (!store.putDoc(intent)) {
            return false;
        }
        if (!hit.isEmpty()) {
            store.putHits(hit);
        }
        Set<String> stale = new HashSet<>(rec.terms());
        stale.addAll(rec.pending());
        stale.removeAll(next);
        for (String t : stale) {
            update(Terms.parse(t), rec.doc(), false);
        }
        for (String t : next) {
            if (recovering || !rec.terms().contains(t)) { // after a crash, re-add everything: adding is idempotent
                update(Terms.parse(t), rec.doc(), true);
            }
        }
        store.touch(); // searches' caches of the old postings are stale from here
        return store.putDoc(new PostingStore.DocRecord(rec.assetId(), rec.doc(), sourceVersion, next, Set.of(),
                removed, rec.version() + 1));
    }

    /** Read-modify-write of one chunk with optimistic concurrency (other documents share the chunk). */
    private void update(Terms.Term t, int doc, boolean add) {
        PostingStore.Key key = t.key(doc);
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            PostingStore.Chunk c = store.get(List.of(key)).get(key);
            RoaringBitmap bits = c == null ? new RoaringBitmap() : c.docs().clone();
            SortedKeys keys = c == null ? SortedKeys.EMPTY : c.sortKeys();
            if (add) {
                bits.add(doc);
                keys = t.sort() ? keys.with(doc, t.sortKey()) : keys;
            } else {
                if (c == null) {
                    return;
                }
                bits.remove(doc);
                keys = keys.without(doc);
            }
            if (store.put(new PostingStore.Chunk(key, bits, keys, c == null ? 0 : c.version()))) {
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "chunk {0} changed concurrently; retrying", key);
        }
        throw new IllegalStateException("chunk " + key + ": " + RETRIES + " conflicting updates");
    }

    // ---------------------------------------------------------------- reads

    @Override
    public SearchPage search(SearchQuery q, SearchScope scope) {
        Cursors.Position after = cursors.decode(q, scope); // a forged cursor fails before any read
        if (scope.empty()) {
            return new SearchPage(List.of(), 0, emptyFacets(q), null);
        }
        PostingStore.Head head = store.head();
        int chunks = (head.allocated() + PostingStore.CHUNK_SIZE - 1) / PostingStore.CHUNK_SIZE;
        if (chunks == 0) {
            return new SearchPage(List.of(), 0, emptyFacets(q), null);
        }
        PostingCache.Reads reads = cache.at(head);
        // The facet listings and the sort bucket listing do not depend on the matches, so they are read beside the
        // postings: a search without a warm cache waits for one round of reads less.
        Map<Facet, CompletableFuture<List<PostingStore.Chunk>>> listings = new LinkedHashMap<>();
        for (Facet f : q.counted()) {
            listings.put(f, CompletableFuture.supplyAsync(() -> reads.field(f.code(), null, null, false,
                    FACET_ITEMS_MAX), executor));
        }
        String sortField = Terms.sortField(q.sort());
        CompletableFuture<List<PostingStore.Chunk>> buckets = CompletableFuture.supplyAsync(() ->
                reads.field(Terms.buckets(sortField), null, null, false, Integer.MAX_VALUE), executor);
        Reader r = new Reader(reads, chunks);
        q.words().forEach(w -> r.want(Terms.WORD, w));
        q.filters().forEach((f, values) -> values.forEach(v -> r.want(f.code(), v)));
        for (Visibility v : Visibility.values()) {
            r.want(Facet.STATUS.code(), v.code());
        }
        scope.brands().forEach(b -> r.want(Facet.BRAND.code(), b));
        scope.collections().forEach(c -> r.want(Facet.COLLECTION.code(), c));
        scope.teamBriefs().forEach(b -> r.want(Facet.BRIEF.code(), b));
        if (scope.uploader() != null) {
            r.want(Facet.UPLOADER.code(), scope.uploader());
        }
        r.fetch();

        RoaringBitmap result = allowed(scope, r);
        for (String w : q.words()) {
            result.and(r.bits(Terms.WORD, w));
        }
        for (Map.Entry<Facet, Set<String>> f : q.filters().entrySet()) {
            result.and(r.any(f.getKey().code(), f.getValue()));
        }
        if (q.createdFrom() != null || q.createdTo() != null) {
            result.and(dateRange(reads, q.createdFrom(), q.createdTo()));
        }
        RoaringBitmap matches = result;
        Map<Facet, CompletableFuture<Map<String, Long>>> counting = new LinkedHashMap<>();
        listings.forEach((f, listing) -> counting.put(f, listing.thenApplyAsync(l -> counts(l, matches), executor)));
        Page page = page(reads, q, matches, after, buckets);
        Map<Integer, PostingStore.Hit> hits = reads.hits(page.docs.stream().map(Cursors.Position::doc).toList());
        List<SearchPage.Hit> out = new ArrayList<>();
        for (Cursors.Position p : page.docs) {
            PostingStore.Hit h = hits.get(p.doc());
            if (h == null) {
                throw new IllegalStateException("document " + p.doc() + " is posted but has no hit record");
            }
            out.add(new SearchPage.Hit(h.assetId(), h.title(), h.createdAt()));
        }
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        counting.forEach((f, future) -> facets.put(f.code(), future.join()));
        String next = page.more ? cursors.encode(q, scope, page.docs.get(page.docs.size() - 1)) : null;
        return new SearchPage(out, matches.getLongCardinality(), facets, next);
    }

    /** The scope as bitmaps: brand × status ∪ given collections × approved ∪ own/team drafts and reviews. */
    private static RoaringBitmap allowed(SearchScope scope, Reader r) {
        RoaringBitmap statuses = r.any(Facet.STATUS.code(), scope.brandVisibilities().stream()
                .map(Visibility::code).toList());
        RoaringBitmap brandClause = scope.allBrands() ? statuses
                : RoaringBitmap.and(statuses, r.any(Facet.BRAND.code(), scope.brands()));
        RoaringBitmap collectionClause = RoaringBitmap.and(r.bits(Facet.STATUS.code(), Visibility.APPROVED.code()),
                r.any(Facet.COLLECTION.code(), scope.collections()));
        RoaringBitmap team = scope.uploader() == null ? new RoaringBitmap()
                : RoaringBitmap.or(r.bits(Facet.UPLOADER.code(), scope.uploader()),
                r.any(Facet.BRIEF.code(), scope.teamBriefs()));
        RoaringBitmap teamClause = RoaringBitmap.and(team, r.any(Facet.STATUS.code(),
                List.of(Visibility.DRAFT.code(), Visibility.IN_REVIEW.code())));
        return FastAggregation.or(brandClause, collectionClause, teamClause);
    }

    /** Whole months from the month buckets, partial months at the edges from the day buckets. */
    private static RoaringBitmap dateRange(PostingCache.Reads reads, LocalDate from, LocalDate to) {
        List<RoaringBitmap> parts = new ArrayList<>();
        String firstMonth = from == null ? null : YearMonth.from(from).toString();
        String lastMonth = to == null ? null : YearMonth.from(to).toString();
        for (PostingStore.Chunk c : reads.field(Facet.CREATED.code(), firstMonth, lastMonth, false,
                Integer.MAX_VALUE)) {
            String month = c.key().value();
            boolean edge = month.equals(firstMonth) || month.equals(lastMonth);
            if (!edge) {
                parts.add(c.docs());
            }
        }
        Set<String> edges = new HashSet<>();
        if (firstMonth != null) {
            edges.add(firstMonth);
        }
        if (lastMonth != null) {
            edges.add(lastMonth);
        }
        for (String month : edges) {
            YearMonth ym = YearMonth.parse(month);
            LocalDate lo = from != null && YearMonth.from(from).equals(ym) ? from : ym.atDay(1);
            LocalDate hi = to != null && YearMonth.from(to).equals(ym) ? to : ym.atEndOfMonth();
            reads.field(Facet.CREATED_DAY.code(), lo.toString(), hi.toString(), false, Integer.MAX_VALUE)
                    .forEach(c -> parts.add(c.docs()));
        }
        return parts.isEmpty() ? new RoaringBitmap() : FastAggregation.or(parts.iterator());
    }

    private static Map<String, Long> counts(List<PostingStore.Chunk> listing, RoaringBitmap matches) {
        Map<String, RoaringBitmap> byValue = new TreeMap<>();
        for (PostingStore.Chunk c : listing) {
            byValue.merge(c.key().value(), c.docs(), (a, b) -> RoaringBitmap.or(a, b));
        }
        Map<String, Long> out = new TreeMap<>();
        byValue.forEach((v, bits) -> {
            long n = RoaringBitmap.andCardinality(bits, matches);
            if (n > 0) {
                out.put(v, n);
            }
        });
        return out;
    }

    private record Page(List<Cursors.Position> docs, boolean more) {
    }

    /**
     * Walks the sort buckets in order from the cursor's bucket; in each bucket that holds matches, reads its sort
     * keys and takes the next documents after the cursor. Reads the buckets used; the listing is read beforehand.
     */
    private static Page page(PostingCache.Reads reads, SearchQuery q, RoaringBitmap matches,
                             Cursors.Position after, CompletableFuture<List<PostingStore.Chunk>> bucketListing) {
        Sort sort = q.sort();
        String field = Terms.sortField(sort);
        TreeMap<String, RoaringBitmap> buckets = new TreeMap<>();
        if (!matches.isEmpty()) {
            for (PostingStore.Chunk c : bucketListing.join()) {
                buckets.merge(c.key().value(), c.docs(), (a, b) -> RoaringBitmap.or(a, b));
            }
        }
        Collection<String> order = sort.descending() ? buckets.descendingKeySet() : buckets.keySet();
        String start = after == null ? null : Terms.bucketOf(sort, after.key());
        List<Cursors.Position> out = new ArrayList<>();
        for (String bucket : order) {
            if (start != null && (sort.descending() ? bucket.compareTo(start) > 0 : bucket.compareTo(start) < 0)) {
                continue;
            }
            RoaringBitmap here = RoaringBitmap.and(buckets.get(bucket), matches);
            if (here.isEmpty()) {
                continue;
            }
            // Only the sort-key chunks that hold a match of this bucket.
            List<PostingStore.Key> keys = new ArrayList<>();
            for (int c = PostingStore.sortChunkOf(here.first()); c <= PostingStore.sortChunkOf(here.last()); c++) {
                long from = (long) c << PostingStore.SORT_CHUNK_BITS;
                if (here.intersects(from, from + PostingStore.SORT_CHUNK_SIZE)) {
                    keys.add(new PostingStore.Key(field, bucket, c));
                }
            }
            List<Cursors.Position> inBucket = new ArrayList<>();
            for (PostingStore.Chunk c : reads.get(keys).values()) {
                SortedKeys sk = c.sortKeys();
                for (int i = 0; i < sk.size(); i++) {
                    Cursors.Position p = new Cursors.Position(sk.key(i), sk.doc(i));
                    if (here.contains(p.doc()) && Ordering.after(sort, p, after)) {
                        inBucket.add(p);
                    }
                }
            }
            inBucket.sort(Ordering.of(sort));
            for (Cursors.Position p : inBucket) {
                if (out.size() == q.limit()) {
                    return new Page(out, true);
                }
                out.add(p);
            }
        }
        return new Page(out, false);
    }

    private static Map<String, Map<String, Long>> emptyFacets(SearchQuery q) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        q.counted().forEach(f -> out.put(f.code(), Map.of()));
        return out;
    }

    /** Collects the posting lists a search names, reads them in one batch, and merges their chunks. */
    private static final class Reader {
        private final PostingCache.Reads reads;
        private final int chunks;
        private final Set<PostingStore.Key> wanted = new HashSet<>();
        private final Map<String, RoaringBitmap> merged = new HashMap<>();

        Reader(PostingCache.Reads reads, int chunks) {
            this.reads = reads;
            this.chunks = chunks;
        }

        void want(String field, String value) {
            for (int c = 0; c < chunks; c++) {
                wanted.add(new PostingStore.Key(field, value, c));
            }
        }

        void fetch() {
            reads.get(wanted).values().forEach(c -> merged.merge(c.key().field() + "|" + c.key().value(), c.docs(),
                    (a, b) -> RoaringBitmap.or(a, b)));
        }

        /** A copy: callers AND into it. */
        RoaringBitmap bits(String field, String value) {
            RoaringBitmap b = merged.get(field + "|" + value);
            return b == null ? new RoaringBitmap() : b.clone();
        }

        RoaringBitmap any(String field, Collection<String> values) {
            List<RoaringBitmap> parts = values.stream().map(v -> merged.get(field + "|" + v))
                    .filter(Objects::nonNull).toList();
            return parts.isEmpty() ? new RoaringBitmap() : FastAggregation.or(parts.iterator());
        }
    }
}
