package dam.core.memory;

import dam.core.notify.NotificationLedger;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@link NotificationLedger} as a key → keep-until map; claims are atomic (one lock), like the conditional put. */
public final class InMemoryNotificationLedger implements NotificationLedger {

    private final Map<String, Instant> claims = new TreeMap<>();

    @Override
    public synchronized boolean claim(String key, Instant keepUntil) {
        return claims.putIfAbsent(key, keepUntil) == null;
    }

    @Override
    public synchronized void release(String key) {
        claims.remove(key);
    }

    /** Claimed keys with their keep-until times, in key order. */
    public synchronized Map<String, Instant> claims() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(claims));
    }
}
