package dam.core.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the expiry schedules of one dated subject (a rights record, a talent contract, an offer) in step with its end
 * date: reminders at T-30, T-7 and T-1 days and the expiry itself at T-0. Re-planning applies only the difference, so
 * calling it twice changes nothing, a moved end date moves every schedule (no stale reminder is left behind) and a
 * removed subject cancels them all. Reminders whose moment has passed are not planned; the expiry always is (when it
 * is already due the schedule fires at once, and the daily sweep would catch it anyway).
 */
public final class ExpiryPlanner {

    public static final List<Integer> REMIND_DAYS_BEFORE = List.of(30, 7, 1);
    /** Every schedule a subject can have: the reminders and the expiry (0). */
    public static final List<Integer> ALL_DAYS_BEFORE = List.of(30, 7, 1, 0);

    private final ExpiryScheduler scheduler;
    private final Clock clock;

    public ExpiryPlanner(ExpiryScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A dated subject as the planner sees it; {@code null} end = open-ended (nothing to schedule). */
    public record Dated(String assetId, String subjectId, String kind, Instant endsAt) {
    }

    /** Applies the difference between what {@code before} and {@code after} (either may be null) imply. */
    public void replan(Dated before, Dated after) {
        Map<String, Planned> old = plan(before);
        Map<String, Planned> now = plan(after);
        old.keySet().stream().filter(name -> !now.containsKey(name)).sorted().forEach(scheduler::cancel);
        now.forEach((name, p) -> {
            if (!p.equals(old.get(name))) {
                scheduler.upsert(name, p.at(), p.check());
            }
        });
    }

    /**
     * Brings the schedules of a subject in line with its <em>current</em> end when the previous one is unknown (an
     * event handler reads the stored record): upserts what the end implies and cancels every other name the subject
     * can have, so a reminder whose moment passed after the end moved earlier is not left behind. {@code endsAt}
     * null (open-ended or removed) cancels all.
     */
    public void sync(String assetId, String subjectId, String kind, Instant endsAt) {
        Dated subject = new Dated(assetId, subjectId, kind, endsAt);
        Map<String, Planned> now = plan(subject);
        for (int days : ALL_DAYS_BEFORE) {
            String name = scheduleName(subject, days);
            Planned p = now.get(name);
            if (p == null) {
                scheduler.cancel(name);
            } else {
                scheduler.upsert(name, p.at(), p.check());
            }
        }
    }

    /** The schedules {@code subject} implies, by name. */
    public Map<String, Planned> plan(Dated subject) {
        Map<String, Planned> out = new LinkedHashMap<>();
        if (subject == null || subject.endsAt() == null) {
            return out;
        }
        Instant now = clock.instant();
        for (int days : REMIND_DAYS_BEFORE) {
            Instant at = subject.endsAt().minus(Duration.ofDays(days));
            if (!at.isBefore(now)) {
                out.put(scheduleName(subject, days), new Planned(at, check(subject, days)));
            }
        }
        out.put(scheduleName(subject, 0), new Planned(subject.endsAt().isBefore(now) ? now : subject.endsAt(),
                check(subject, 0)));
        return out;
    }

    public record Planned(Instant at, ExpiryCheck check) {
    }

    /**
     * "exp-" + 40 hex chars of SHA-256(asset, kind, subject) + "-t" + days: within Scheduler's 64 characters of
     * [A-Za-z0-9-_.] whatever the ids contain, and the same for the same subject every time.
     */
    public static String scheduleName(Dated subject, int daysBefore) {
        String key = subject.assetId() + '\n' + subject.kind() + '\n' + subject.subjectId();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "exp-" + HexFormat.of().formatHex(hash).substring(0, 40) + "-t" + daysBefore;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ExpiryCheck check(Dated subject, int days) {
        return new ExpiryCheck(subject.assetId(), subject.subjectId(), subject.kind(), days, subject.endsAt());
    }
}
