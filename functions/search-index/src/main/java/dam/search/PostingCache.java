package dam.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What searches read, kept by a warm container for as long as the index's {@link PostingStore.Head} is unchanged:
 * posting chunks (and the keys that have none), field listings and hits. The head is read at the start of every
 * search; any completed index change moves it ({@link PostingStore#touch}), which drops everything — so results stay
 * exactly those of an uncached read. Over {@code maxBytes} of bitmaps and sort keys the cache starts afresh.
 * Cached chunks are shared: searches must not modify their bitmaps (they AND and OR into new ones).
 */
final class PostingCache {

    /** Per generation; replaced as a whole when the head moves. */
    private record State(PostingStore.Head head, Map<PostingStore.Key, Object> chunks,
                         Map<String, List<PostingStore.Chunk>> fields, Map<Integer, PostingStore.Hit> hits,
                         AtomicLong bytes) {
        State(PostingStore.Head head) {
            this(head, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new AtomicLong());
        }
    }

    /** Stands for "no such chunk" (most wanted keys of a small index: chunks that do not exist yet). */
    private static final Object ABSENT = new Object();

    private final PostingStore store;
    private final long maxBytes;
    private volatile State state = new State(new PostingStore.Head(-1, -1));

    PostingCache(PostingStore store, long maxBytes) {
        this.store = Objects.requireNonNull(store);
        this.maxBytes = maxBytes;
    }

    /** Reads through the cache as of {@code head} (read by the caller at the start of its search). */
    Reads at(PostingStore.Head head) {
        State s = state;
        if (!s.head().equals(head) || s.bytes().get() > maxBytes) {
            synchronized (this) {
                s = state;
                if (!s.head().equals(head) || s.bytes().get() > maxBytes) {
                    s = new State(head);
                    state = s;
                }
            }
        }
        return new Reads(s);
    }

    /** One search's reads; misses go to the store and are kept for the searches after it. */
    final class Reads {
        private final State s;

        private Reads(State s) {
            this.s = s;
        }

        Map<PostingStore.Key, PostingStore.Chunk> get(Collection<PostingStore.Key> keys) {
            Map<PostingStore.Key, PostingStore.Chunk> out = new HashMap<>();
            List<PostingStore.Key> missing = new ArrayList<>();
            for (PostingStore.Key k : keys) {
                Object c = s.chunks().get(k);
                if (c == null) {
                    missing.add(k);
                } else if (c != ABSENT) {
                    out.put(k, (PostingStore.Chunk) c);
                }
            }
            if (!missing.isEmpty()) {
                Map<PostingStore.Key, PostingStore.Chunk> read = store.get(missing);
                for (PostingStore.Key k : missing) {
                    PostingStore.Chunk c = read.get(k);
                    keep(s.chunks(), k, c == null ? ABSENT : c, c == null ? 0 : size(c));
                    if (c != null) {
                        out.put(k, c);
                    }
                }
            }
            return out;
        }

        List<PostingStore.Chunk> field(String field, String from, String to, boolean withSortKeys, int maxItems) {
            String key = String.join("\u0000", field, String.valueOf(from), String.valueOf(to),
                    String.valueOf(withSortKeys), String.valueOf(maxItems));
            List<PostingStore.Chunk> cached = s.fields().get(key);
            if (cached != null) {
                return cached;
            }
            List<PostingStore.Chunk> read = List.copyOf(store.field(field, from, to, withSortKeys, maxItems));
            keep(s.fields(), key, read, read.stream().mapToLong(PostingCache::size).sum());
            return read;
        }

        Map<Integer, PostingStore.Hit> hits(Collection<Integer> docs) {
            Map<Integer, PostingStore.Hit> out = new HashMap<>();
            List<Integer> missing = new ArrayList<>();
            for (Integer d : docs) {
                PostingStore.Hit h = s.hits().get(d);
                if (h == null) {
                    missing.add(d);
                } else {
                    out.put(d, h);
                }
            }
            if (!missing.isEmpty()) {
                store.hits(missing).forEach((d, h) -> {
                    keep(s.hits(), d, h, 64L + h.assetId().length() + h.title().length());
                    out.put(d, h);
                });
            }
            return out;
        }

        private <K, V> void keep(Map<K, V> map, K key, V value, long bytes) {
            if (state == s) { // a search that outlived its generation does not fill the next one
                map.put(key, value);
                s.bytes().addAndGet(bytes + 64);
            }
        }
    }

    private static long size(PostingStore.Chunk c) {
        return c.docs().getSizeInBytes() + (long) c.sortKeys().size() * 12;
    }
}
