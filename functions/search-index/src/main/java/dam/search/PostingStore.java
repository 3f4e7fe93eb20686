package dam.search;

import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Storage of the bitmap index. Documents get dense numbers; a posting list of (field, value) is stored in chunks of
 * {@link #CHUNK_SIZE} document numbers ({@link #SORT_CHUNK_SIZE} for sort buckets, which also hold sort keys), so an
 * item stays far below DynamoDB's 400 KB and an update touches one chunk. Every chunk and document record carries
 * a version: writes are conditional on it (optimistic concurrency; the index retries on conflict).
 */
public interface PostingStore {

    /** Posting lists: 131,072 documents per chunk — at most a 16 KB bitmap, one item per value up to that size. */
    int CHUNK_BITS = 17;
    int CHUNK_SIZE = 1 << CHUNK_BITS;
    /** Sort buckets also carry 12 bytes of sort key per document: 16,384 per chunk keeps them under 200 KB. */
    int SORT_CHUNK_BITS = 14;
    int SORT_CHUNK_SIZE = 1 << SORT_CHUNK_BITS;

    static int chunkOf(int doc) {
        return doc >>> CHUNK_BITS;
    }

    static int sortChunkOf(int doc) {
        return doc >>> SORT_CHUNK_BITS;
    }

    record Key(String field, String value, int chunk) {
    }

    /** One chunk of a posting list; {@code sortKeys} only on sort buckets; {@code version} 0 = not stored yet. */
    record Chunk(Key key, RoaringBitmap docs, SortedKeys sortKeys, long version) {
    }

    /**
     * The index's record of one asset: its document number, the source version indexed, the terms it is posted
     * under, and {@code pending} — terms of an update that may be half-applied (a crash mid-way is repaired by the
     * next apply). {@code removed}: the asset was deleted at {@code sourceVersion}.
     */
    record DocRecord(String assetId, int doc, long sourceVersion, Set<String> terms, Set<String> pending,
                     boolean removed, long version) {
    }

    /** What a result shows without reading the asset. */
    record Hit(String assetId, String title, Instant createdAt) {
    }

    /** Chunks by key (missing ones absent), strongly consistent. */
    Map<Key, Chunk> get(Collection<Key> keys);

    /**
     * Every chunk of {@code field} with values in [{@code from}, {@code to}] (null = open), in value order, at most
     * {@code maxItems}; sort keys only when asked (they are the big part).
     */
    List<Chunk> field(String field, String from, String to, boolean withSortKeys, int maxItems);

    /** Writes the chunk if its stored version is still {@code chunk.version()}; false on a concurrent change. */
    boolean put(Chunk chunk);

    /** Unconditional bulk write (the bulk loader, on an index nobody else writes yet). */
    void putAll(Collection<Chunk> chunks);

    Optional<DocRecord> doc(String assetId);

    /** Conditional on {@code record.version()} like {@link #put}. */
    boolean putDoc(DocRecord record);

    void putDocs(Collection<DocRecord> records);

    /** Reserves {@code n} new document numbers; returns the first. */
    int allocate(int n);

    /** How many document numbers were ever handed out (the chunks to read). */
    int allocated();

    /**
     * What a search reads first, in one item: the document numbers handed out and the index's generation, which
     * {@link #touch} moves after every completed change — so a reader may keep what it read for as long as the head
     * is unchanged (a warm container's cache of postings).
     */
    record Head(int allocated, long generation) {
    }

    Head head();

    /** Marks a completed change of postings or hits: every cache keyed by the old {@link Head} is stale. */
    void touch();

    void putHits(Map<Integer, Hit> hits);

    Map<Integer, Hit> hits(Collection<Integer> docs);
}
