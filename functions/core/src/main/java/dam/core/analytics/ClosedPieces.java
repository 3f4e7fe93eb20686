package dam.core.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rows of closed usage pieces ({@link DayCover.Piece}s of one brand) and of closed weeks of the downloads series,
 * kept in memory for the container so a report
 * re-reads only the open ones. A piece is closed when its last day ended at least {@link #SETTLED} ago: a use reaches
 * its day, week and month items from the table stream within seconds, and the stream keeps records 24 h, so nothing
 * can change such a piece any more (its rows are exactly what a fresh read returns). {@code ttl} bounds staleness
 * should a DLQ redrive still add a late fact; at most {@code maxEntries} pieces are kept, least recently used evicted.
 */
public final class ClosedPieces {

    /** How long after its last day a piece can still change: stream lag plus the stream's 24 h retention, rounded up. */
    public static final Duration SETTLED = Duration.ofDays(2);
    public static final int DEFAULT_ENTRIES = 512;
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    /** One read: a partition's sort-key range with one projection. */
    private record Key(String pk, String from, String to, Set<String> attributes) {
    }

    private record Entry(List<Row> rows, Instant readAt) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final Duration ttl;
    private final Map<Key, Entry> entries;

    public ClosedPieces(Clock clock, int maxEntries, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries " + maxEntries + " is negative");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > ClosedPieces.this.maxEntries;
            }
        };
    }

    public ClosedPieces(Clock clock) {
        this(clock, DEFAULT_ENTRIES, DEFAULT_TTL);
    }

    /** Keeps nothing: every piece is read every time. */
    public static ClosedPieces none() {
        return new ClosedPieces(Clock.systemUTC(), 0, Duration.ZERO);
    }

    /** Whether {@code piece} can no longer change at {@code now}. */
    public static boolean closed(DayCover.Piece piece, Instant now) {
        return closed(piece.last(), now);
    }

    /** Whether the days up to {@code lastDay} can no longer change at {@code now}. */
    public static boolean closed(LocalDate lastDay, Instant now) {
        Instant ended = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return !ended.plus(SETTLED).isAfter(now);
    }

    /**
     * The rows of {@code pk} (the partition of {@code piece}) projected to {@code attributes}: from memory when the
     * piece is closed and was read less than {@code ttl} ago, otherwise from {@code read} (kept if closed).
     */
    public List<Row> rows(DayCover.Piece piece, String pk, Set<String> attributes, Supplier<List<Row>> read) {
        return rows(piece.last(), pk, "", "~", attributes, read);
    }

    /**
     * The rows of {@code pk} with {@code from ≤ sk ≤ to}, projected to {@code attributes}, whose days end with
     * {@code lastDay} (a per-day series read a week at a time): kept as {@link #rows(DayCover.Piece, String, Set,
     * Supplier)} keeps a piece's.
     */
    public List<Row> rows(LocalDate lastDay, String pk, String from, String to, Set<String> attributes,
                          Supplier<List<Row>> read) {
        Instant now = clock.instant();
        if (maxEntries == 0 || !closed(lastDay, now)) {
            return read.get();
        }
        Key key = new Key(pk, from, to, Set.copyOf(attributes));
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e != null && now.isBefore(e.readAt().plus(ttl))) {
                return e.rows();
            }
        }
        // Read outside the lock: the pieces of one report are read in parallel.
        List<Row> rows = List.copyOf(read.get());
        synchronized (entries) {
            entries.put(key, new Entry(rows, now));
        }
        return rows;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
