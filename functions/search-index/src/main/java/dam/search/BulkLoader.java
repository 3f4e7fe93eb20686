package dam.search;

import dam.core.search.SearchDocument;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the index for many new assets at once through the same terms and chunk encoding as
 * {@link BitmapLibraryIndex#apply}, but writing each chunk once instead of once per document (a backfill, the bench's
 * 100,000 assets). Only for assets the index does not hold yet: re-indexing goes through {@code apply}.
 */
public final class BulkLoader {

    private final PostingStore store;

    public BulkLoader(PostingStore store) {
        this.store = store;
    }

    private static final class Building {
        final RoaringBitmap docs = new RoaringBitmap();
        final List<long[]> keys = new ArrayList<>();
    }

    /** @return the number of documents loaded */
    public int load(List<SearchDocument> documents) {
        int first = store.allocate(documents.size());
        Map<PostingStore.Key, Building> chunks = new HashMap<>();
        List<PostingStore.DocRecord> records = new ArrayList<>(documents.size());
        Map<Integer, PostingStore.Hit> hits = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            SearchDocument d = documents.get(i);
            int doc = first + i;
            Set<String> terms = Terms.of(d);
            for (String t : terms) {
                Terms.Term term = Terms.parse(t);
                Building b = chunks.computeIfAbsent(term.key(doc), k -> new Building());
                b.docs.add(doc);
                if (term.sort()) {
                    b.keys.add(new long[]{term.sortKey(), doc});
                }
            }
            records.add(new PostingStore.DocRecord(d.assetId(), doc, d.sourceVersion(), terms, Set.of(), false, 0));
            hits.put(doc, new PostingStore.Hit(d.assetId(), d.title(), d.createdAt()));
        }
        List<PostingStore.Chunk> out = new ArrayList<>(chunks.size());
        chunks.forEach((key, b) -> {
            long[] k = new long[b.keys.size()];
            int[] d = new int[b.keys.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = b.keys.get(i)[0];
                d[i] = (int) b.keys.get(i)[1];
            }
            b.docs.runOptimize();
            out.add(new PostingStore.Chunk(key, b.docs, SortedKeys.of(k, d), 0));
        });
        store.putAll(out);
        store.putDocs(records);
        store.putHits(hits);
        store.touch();
        return documents.size();
    }
}
