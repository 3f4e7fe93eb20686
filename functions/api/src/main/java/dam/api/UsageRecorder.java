package dam.api;

import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageKind;
import dam.core.analytics.UsageLog;
import dam.core.auth.Principal;

import java.time.Clock;
import java.util.UUID;

/**
 * Records a signed-in user's use after the request succeeded: one small write ({@link UsageLog}), nothing waits on
 * aggregation. A failing write is logged and the user still gets their asset — analytics must never break a download.
 */
public final class UsageRecorder {

    private static final System.Logger LOG = System.getLogger(UsageRecorder.class.getName());

    private final UsageLog log;
    private final Clock clock;

    public UsageRecorder(UsageLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public void used(Principal who, UsageKind kind, String assetId) {
        try {
            log.record(UsageEvent.of(UUID.randomUUID().toString(), kind, who, assetId, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "usage " + kind.code() + " of " + assetId + " not recorded", e);
        }
    }
}
