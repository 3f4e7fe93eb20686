package dam.core.review;

import java.time.Instant;

/**
 * Port: one-time timers for reminders and escalations (EventBridge Scheduler in AWS). Names are deterministic, so
 * scheduling again moves the timer instead of adding one; a timer that fires late or twice is harmless because
 * {@link ReviewNudges} re-reads the slot and records what it sent.
 */
public interface ReviewTimers {

    void schedule(String name, Instant at, Timer timer);

    /** What a timer tells its target. {@code kind} is {@value #REMIND} or {@value #ESCALATE}. */
    record Timer(String kind, String assetId, int round, String stage, String reviewer) {
        public static final String REMIND = "remind";
        public static final String ESCALATE = "escalate";
    }

    String REMIND = Timer.REMIND;
    String ESCALATE = Timer.ESCALATE;
}
