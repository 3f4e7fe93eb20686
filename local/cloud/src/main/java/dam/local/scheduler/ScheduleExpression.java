package dam.local.scheduler;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Scheduler / EventBridge schedule expression: {@code at(yyyy-mm-ddThh:mm:ss)} (one-time, in the schedule's time
 * zone), {@code rate(n minute|minutes|hour|hours|day|days)} or {@code cron(...)} (see {@link CronExpression}).
 */
public sealed interface ScheduleExpression {

    /** The first fire time strictly after {@code after}; {@code anchor} is when a rate schedule started. */
    Optional<Instant> nextAfter(Instant after, Instant anchor);

    boolean oneTime();

    static ScheduleExpression parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("ScheduleExpression is required");
        }
        String e = expression.trim();
        if (e.startsWith("at(") && e.endsWith(")")) {
            String time = e.substring(3, e.length() - 1);
            // AWS wants exactly yyyy-mm-ddThh:mm:ss; LocalDateTime would also take "…T09:00" or fractions.
            if (!time.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}")) {
                throw new IllegalArgumentException("Invalid at() expression, expected at(yyyy-mm-ddThh:mm:ss): " + e);
            }
            try {
                return new At(LocalDateTime.parse(time).atZone(zone).toInstant());
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException("Invalid at() expression, expected at(yyyy-mm-ddThh:mm:ss): " + e);
            }
        }
        if (e.startsWith("rate(") && e.endsWith(")")) {
            return Rate.parse(e.substring(5, e.length() - 1));
        }
        if (e.startsWith("cron(") && e.endsWith(")")) {
            return new Cron(CronExpression.parse(e.substring(5, e.length() - 1)), zone);
        }
        throw new IllegalArgumentException("Invalid schedule expression (expected at(...), rate(...) or cron(...)): " + e);
    }

    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Invalid ScheduleExpressionTimezone: " + timezone);
        }
    }

    /** One-time schedule. */
    record At(Instant at) implements ScheduleExpression {
        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor) {
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }

        @Override
        public boolean oneTime() {
            return true;
        }
    }

    /** Fires at anchor + k × period, k ≥ 1. */
    record Rate(Duration period) implements ScheduleExpression {
        private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s+(minute|minutes|hour|hours|day|days)");

        static Rate parse(String body) {
            Matcher m = RATE.matcher(body.trim());
            if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
                throw new IllegalArgumentException("Invalid rate expression, expected rate(n minutes|hours|days): rate(" + body + ")");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(n);
                case "hour", "hours" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new Rate(d);
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor) {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor.plus(period));
            }
            long periods = Duration.between(anchor, after).toMillis() / period.toMillis() + 1;
            return Optional.of(anchor.plus(period.multipliedBy(periods)));
        }

        @Override
        public boolean oneTime() {
            return false;
        }
    }

    record Cron(CronExpression cron, ZoneId zone) implements ScheduleExpression {
        @Override
        public Optional<Instant> nextAfter(Instant after, Instant anchor) {
            return cron.nextAfter(after, zone);
        }

        @Override
        public boolean oneTime() {
            return false;
        }
    }
}
