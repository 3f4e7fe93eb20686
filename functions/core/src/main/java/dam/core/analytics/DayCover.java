package dam.core.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which rollups cover a day range: whole calendar months, then whole ISO weeks (Monday–Sunday) in what the months
 * leave, then single days — at most 6 at each end of every stretch the months leave. Each day of the range is in
 * exactly one piece, so summing the pieces' counters counts every day once. A 90-day range is ~13 reads instead of
 * ~30 (the per-asset use counters exist per day, week and month: {@link AnalyticsKeys#useDay},
 * {@link AnalyticsKeys#useWeek}, {@link AnalyticsKeys#useMonth}).
 */
public final class DayCover {

    public enum Unit { DAY, WEEK, MONTH }

    /** One rollup item set: the unit and its first day (a day, a Monday, the 1st of a month). */
    public record Piece(Unit unit, LocalDate start) {

        public Piece {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(start, "start");
        }

        public LocalDate last() {
            return switch (unit) {
                case DAY -> start;
                case WEEK -> start.plusDays(6);
                case MONTH -> YearMonth.from(start).atEndOfMonth();
            };
        }
    }

    private DayCover() {
    }

    /** The pieces covering {@code from..to} (inclusive), in day order. */
    public static List<Piece> of(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        List<Piece> out = new ArrayList<>();
        LocalDate firstMonth = from.getDayOfMonth() == 1 ? from : YearMonth.from(from).plusMonths(1).atDay(1);
        LocalDate stretch = from; // start of the part not yet covered
        for (LocalDate m = firstMonth; !YearMonth.from(m).atEndOfMonth().isAfter(to); m = m.plusMonths(1)) {
            weeks(stretch, m.minusDays(1), out);
            out.add(new Piece(Unit.MONTH, m));
            stretch = m.plusMonths(1);
        }
        weeks(stretch, to, out);
        return out;
    }

    /** Covers {@code from..to} (possibly empty) with whole weeks and the days around them. */
    private static void weeks(LocalDate from, LocalDate to, List<Piece> out) {
        LocalDate monday = from.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate day = from;
        if (!monday.plusDays(6).isAfter(to)) {
            for (; day.isBefore(monday); day = day.plusDays(1)) {
                out.add(new Piece(Unit.DAY, day));
            }
            for (; !day.plusDays(6).isAfter(to); day = day.plusWeeks(1)) {
                out.add(new Piece(Unit.WEEK, day));
            }
        }
        for (; !day.isAfter(to); day = day.plusDays(1)) {
            out.add(new Piece(Unit.DAY, day));
        }
    }
}
