package dam.local.scheduler;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * AWS six-field cron: {@code minutes hours day-of-month month day-of-week year}. Supported per field: {@code *},
 * single values, ranges {@code a-b}, lists {@code a,b}, steps {@code a/n}, {@code * /n}, {@code a-b/n}, month names
 * JAN-DEC and day names SUN-SAT (1 = SUNDAY as in AWS); exactly one of day-of-month and day-of-week must be {@code ?}.
 * Not supported (rejected with a clear error): {@code L}, {@code W} and {@code #}.
 */
public final class CronExpression {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int MAX_YEAR = 2199;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean byDayOfWeek;

    private CronExpression(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                           BitSet years, boolean byDayOfWeek) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.years = years;
        this.byDayOfWeek = byDayOfWeek;
    }

    public static CronExpression parse(String body) {
        String[] f = body.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("cron() needs 6 fields (minutes hours day-of-month month day-of-week year): cron(" + body + ")");
        }
        for (String field : f) {
            String withoutNames = field.toUpperCase(java.util.Locale.ROOT)
                    .replaceAll(String.join("|", MONTHS) + "|" + String.join("|", DAYS), "");
            if (withoutNames.matches(".*[LW#].*")) {
                throw new IllegalArgumentException("cron field '" + field + "' uses L, W or # which the local scheduler does not support");
            }
        }
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException("cron(): exactly one of day-of-month and day-of-week must be '?': cron(" + body + ")");
        }
        return new CronExpression(field(f[0], 0, 59, null, "minutes"), field(f[1], 0, 23, null, "hours"),
                domAny ? null : field(f[2], 1, 31, null, "day-of-month"), field(f[3], 1, 12, MONTHS, "month"),
                dowAny ? null : field(f[4], 1, 7, DAYS, "day-of-week"), field(f[5], 1970, MAX_YEAR, null, "year"),
                domAny);
    }

    /** The first minute strictly after {@code after} that matches, evaluated in {@code zone}. */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        LocalDateTime t = after.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        while (t.getYear() <= MAX_YEAR) {
            if (!years.get(t.getYear())) {
                t = LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay();
            } else if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                Instant candidate = ZonedDateTime.of(t, zone).toInstant();
                if (candidate.isAfter(after)) {
                    return Optional.of(candidate);
                }
                t = t.plusMinutes(1);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate d) {
        if (byDayOfWeek) {
            return daysOfWeek.get(awsDayOfWeek(d.getDayOfWeek()));
        }
        return daysOfMonth.get(d.getDayOfMonth());
    }

    private static int awsDayOfWeek(DayOfWeek d) {
        return d.getValue() % 7 + 1; // MONDAY=1..SUNDAY=7 -> SUN=1..SAT=7
    }

    private static BitSet field(String spec, int min, int max, List<String> names, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, what);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", 2);
                from = number(ab[0], min, max, names, what);
                to = number(ab[1], min, max, names, what);
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("cron " + what + " range " + range + " is reversed");
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, int min, int max, List<String> names, String what) {
        if (names != null && names.contains(s.toUpperCase(java.util.Locale.ROOT))) {
            return names.indexOf(s.toUpperCase(java.util.Locale.ROOT)) + 1;
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + what + " value '" + s + "' is not valid");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("cron " + what + " value " + v + " is outside " + min + "-" + max);
        }
        return v;
    }
}
