package dam.core.search;

import java.util.Comparator;

/** The total result order every index implements: sort key, then document number, both in the sort's direction. */
public final class Ordering {

    private Ordering() {
    }

    public static Comparator<Cursors.Position> of(Sort sort) {
        Comparator<Cursors.Position> asc = Comparator.comparingLong(Cursors.Position::key)
                .thenComparingInt(Cursors.Position::doc);
        return sort.descending() ? asc.reversed() : asc;
    }

    /** Whether {@code p} comes strictly after {@code after} (null = the start). */
    public static boolean after(Sort sort, Cursors.Position p, Cursors.Position after) {
        return after == null || of(sort).compare(p, after) > 0;
    }
}
