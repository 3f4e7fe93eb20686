package dam.search;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sort keys of the documents in one sort bucket chunk, ordered by (key, doc): what lets a page be cut from a
 * bucket without reading every document. Immutable; 12 bytes per document when stored.
 */
public final class SortedKeys {

    public static final SortedKeys EMPTY = new SortedKeys(new long[0], new int[0]);

    private final long[] keys;
    private final int[] docs;

    private SortedKeys(long[] keys, int[] docs) {
        this.keys = keys;
        this.docs = docs;
    }

    public int size() {
        return docs.length;
    }

    public long key(int i) {
        return keys[i];
    }

    public int doc(int i) {
        return docs[i];
    }

    /** This set with {@code doc} at {@code key} (any previous key of {@code doc} removed). */
    public SortedKeys with(int doc, long key) {
        SortedKeys base = without(doc);
        int n = base.size();
        int at = 0;
        while (at < n && (base.keys[at] < key || base.keys[at] == key && base.docs[at] < doc)) {
            at++;
        }
        long[] k = new long[n + 1];
        int[] d = new int[n + 1];
        System.arraycopy(base.keys, 0, k, 0, at);
        System.arraycopy(base.docs, 0, d, 0, at);
        k[at] = key;
        d[at] = doc;
        System.arraycopy(base.keys, at, k, at + 1, n - at);
        System.arraycopy(base.docs, at, d, at + 1, n - at);
        return new SortedKeys(k, d);
    }

    public SortedKeys without(int doc) {
        for (int i = 0; i < docs.length; i++) {
            if (docs[i] == doc) {
                long[] k = new long[docs.length - 1];
                int[] d = new int[docs.length - 1];
                System.arraycopy(keys, 0, k, 0, i);
                System.arraycopy(docs, 0, d, 0, i);
                System.arraycopy(keys, i + 1, k, i, docs.length - i - 1);
                System.arraycopy(docs, i + 1, d, i, docs.length - i - 1);
                return new SortedKeys(k, d);
            }
        }
        return this;
    }

    /** Bulk build: any order in, sorted out. */
    public static SortedKeys of(long[] keys, int[] docs) {
        Integer[] idx = new Integer[docs.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(docs[a],
                docs[b]));
        long[] k = new long[idx.length];
        int[] d = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            k[i] = keys[idx[i]];
            d[i] = docs[idx[i]];
        }
        return new SortedKeys(k, d);
    }

    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(docs.length * 12);
        for (int i = 0; i < docs.length; i++) {
            b.putLong(keys[i]).putInt(docs[i]);
        }
        return b.array();
    }

    public static SortedKeys from(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        if (bytes.length % 12 != 0) {
            throw new IllegalStateException("sort keys of " + bytes.length + " bytes are not whole entries");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = bytes.length / 12;
        long[] k = new long[n];
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = b.getLong();
            d[i] = b.getInt();
        }
        return new SortedKeys(k, d);
    }
}
