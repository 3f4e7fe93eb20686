package dam.local.scheduler;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronExpressionTest {

    private static Instant next(String cron, String after) {
        return CronExpression.parse(cron).nextAfter(Instant.parse(after), ZoneOffset.UTC).orElseThrow();
    }

    @Test
    void weekdaysSkipTheWeekend() {
        // 2026-03-07 is a Saturday.
        assertEquals(Instant.parse("2026-03-09T09:00:00Z"), next("0 9 ? * MON-FRI *", "2026-03-07T08:00:00Z"));
        assertEquals(Instant.parse("2026-03-09T09:00:00Z"), next("0 9 ? * 2-6 *", "2026-03-06T09:00:00Z"));
        assertEquals(Instant.parse("2026-03-08T09:00:00Z"), next("0 9 ? * SUN *", "2026-03-07T08:00:00Z"));
    }

    @Test
    void stepsListsMonthNamesAndYears() {
        assertEquals(Instant.parse("2026-03-01T10:15:00Z"), next("*/15 * * * ? *", "2026-03-01T10:00:00Z"));
        assertEquals(Instant.parse("2026-03-01T10:20:00Z"), next("5/15 * * * ? *", "2026-03-01T10:05:00Z"));
        assertEquals(Instant.parse("2026-07-01T12:00:00Z"), next("0 12 1 JAN,JUL ? *", "2026-03-01T00:00:00Z"));
        assertEquals(Instant.parse("2028-01-01T00:00:00Z"), next("0 0 1 1 ? 2028-2030", "2026-03-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-03-31T23:59:00Z"), next("59 23 31 * ? *", "2026-02-28T00:00:00Z"));
        assertTrue(CronExpression.parse("0 0 30 2 ? *").nextAfter(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC).isEmpty(),
                "February 30th never comes");
    }

    @Test
    void evaluatesInTheScheduleTimeZoneAcrossDst() {
        ZoneId ny = ZoneId.of("America/New_York");
        CronExpression daily9 = CronExpression.parse("0 9 * * ? *");
        // EST (UTC-5) before 2026-03-08, EDT (UTC-4) after.
        assertEquals(Instant.parse("2026-03-07T14:00:00Z"), daily9.nextAfter(Instant.parse("2026-03-07T00:00:00Z"), ny).orElseThrow());
        assertEquals(Instant.parse("2026-03-09T13:00:00Z"), daily9.nextAfter(Instant.parse("2026-03-09T00:00:00Z"), ny).orElseThrow());
    }

    @Test
    void rejectsWhatItDoesNotImplement() {
        for (String bad : new String[]{"0 9 L * ? *", "0 9 15W * ? *", "0 9 ? * 2#1 *", "0 9 * * * *", "0 9 ? * ? *",
                "0 9 * *", "61 9 * * ? *", "0 9 * 13 ? *", "0 9 ? * FOO *"}) {
            assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(bad), bad);
        }
        // Names that contain L or W are fine.
        assertEquals(Instant.parse("2026-07-01T09:00:00Z"), next("0 9 1 JUL ? *", "2026-03-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-03-04T09:00:00Z"), next("0 9 ? * WED *", "2026-03-01T00:00:00Z"));
    }

    @Test
    void rateAndAtExpressions() {
        Instant anchor = Instant.parse("2026-03-01T10:00:00Z");
        ScheduleExpression rate = ScheduleExpression.parse("rate(2 hours)", ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), rate.nextAfter(anchor, anchor).orElseThrow());
        assertEquals(Instant.parse("2026-03-01T14:00:00Z"), rate.nextAfter(Instant.parse("2026-03-01T12:00:00Z"), anchor).orElseThrow());
        ScheduleExpression at = ScheduleExpression.parse("at(2026-03-02T09:30:00)", ZoneId.of("Europe/Paris"));
        assertEquals(Instant.parse("2026-03-02T08:30:00Z"), at.nextAfter(anchor, anchor).orElseThrow());
        assertTrue(at.nextAfter(Instant.parse("2026-03-02T08:30:00Z"), anchor).isEmpty());
        for (String bad : new String[]{"rate(0 minutes)", "rate(5 weeks)", "at(2026-13-01T00:00:00)", "every day", "at(tomorrow)",
                "at(2026-11-28T09:00)", "at(2026-11-28T09:00:00.5)"}) {
            assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse(bad, ZoneOffset.UTC), bad);
        }
    }
}
