package dam.core.notify;

import java.time.Instant;

/**
 * Port: remembers which notifications were sent, so a duplicate trigger (EventBridge Scheduler and Lambda async
 * invocations are at-least-once) sends nothing. A key is claimed with an atomic put-if-absent <em>before</em> the
 * notification goes out; if sending then fails, the claim is released so a retry can send it. A crash between claim
 * and send loses that one notification rather than repeating it: for reminders, at most once beats twice.
 */
public interface NotificationLedger {

    /**
     * Atomically records {@code key} if it is not recorded yet.
     *
     * @param keepUntil after this the entry may be forgotten (TTL); pick it past any possible duplicate
     * @return true if this caller claimed the key (and should send), false if it was already claimed
     */
    boolean claim(String key, Instant keepUntil);

    /** Forgets a claim whose notification could not be sent, so the next attempt may send it. */
    void release(String key);
}
