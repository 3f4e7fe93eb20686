package dam.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ForbiddenException;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.launch.PlacementInput;
import dam.core.launch.WebhookTarget;
import dam.core.lifecycle.ExpiryService.Status;
import dam.core.lifecycle.memory.InMemoryExpiryScheduler;
import dam.core.notify.Mail;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryServiceTest {

    private final LifecycleFixture f = new LifecycleFixture();
    private static final String END = "2026-07-10"; // 40 days after 2026-06-01 (last day of use)

    private String placedAsset() {
        String id = f.asset("a1", true);
        f.rights.put(LifecycleFixture.LEGAL, id, "lic-1", LifecycleFixture.licence("2026-01-01", END));
        f.placements.saveWebhookTarget(new WebhookTarget("cms", "https://cms.example/hook", "s".repeat(32)));
        f.launch.place(LifecycleFixture.MANAGER, id, new PlacementInput("webhook", "cms", null));
        f.launch.place(LifecycleFixture.MANAGER, id, new PlacementInput("social", "post-9", "https://social.example/p/9"));
        return id;
    }

    private Map<String, InMemoryExpiryScheduler.Entry> syncFromStore(String id) {
        var r = f.library.rights(id).get(0);
        f.planner.sync(id, r.rightsId(), ExpiryCheck.RIGHTS, RightsExpiry.endsAt(r));
        return f.scheduler.schedules();
    }

    private ExpiryCheck check(Map<String, InMemoryExpiryScheduler.Entry> s, int days) {
        return s.values().stream().filter(e -> e.check().daysBefore() == days).findFirst().orElseThrow().check();
    }

    @Test
    void endsAtTheStartOfTheDayAfterTheLastDayOfUse() {
        assertThat(RightsExpiry.endsAt(LocalDate.parse(END))).isEqualTo(Instant.parse("2026-07-11T00:00:00Z"));
        assertThat(RightsExpiry.endsAt((LocalDate) null)).isNull();
    }

    @Test
    void syncPlansFourSchedulesMovesThemAndCancelsOnRemoval() {
        String id = placedAsset();
        var first = syncFromStore(id);
        assertThat(first).hasSize(4);
        assertThat(check(first, 30).endsAt()).isEqualTo(Instant.parse("2026-07-11T00:00:00Z"));
        assertThat(first.values().stream().filter(e -> e.check().daysBefore() == 7).findFirst().orElseThrow().at())
                .isEqualTo(Instant.parse("2026-07-04T00:00:00Z"));

        // the end moves 20 days earlier: T-30 would be in the past, so its schedule is cancelled, the rest move
        f.rights.put(LifecycleFixture.LEGAL, id, "lic-1", LifecycleFixture.licence("2026-01-01", "2026-06-20"));
        var moved = syncFromStore(id);
        assertThat(moved).hasSize(3).doesNotContainKey(first.keySet().stream()
                .filter(k -> k.endsWith("-t30")).findFirst().orElseThrow());
        assertThat(moved.values()).allMatch(e -> e.check().endsAt().equals(Instant.parse("2026-06-21T00:00:00Z")));

        f.planner.sync(id, "lic-1", ExpiryCheck.RIGHTS, null);
        assertThat(f.scheduler.schedules()).isEmpty();
    }

    @Test
    void aReminderGoesToOwnerAndManagersOnceWithTextAndHtml() {
        String id = placedAsset();
        ExpiryCheck t30 = check(syncFromStore(id), 30);
        f.now.set(Instant.parse("2026-06-11T00:00:00Z"));
        var first = f.expiry.check(t30);
        var again = f.expiry.check(t30);
        assertThat(first.status()).isEqualTo(Status.REMINDED);
        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(f.mailer.sent()).hasSize(1);
        Mail m = f.mailer.sent().get(0);
        assertThat(m.to()).containsExactly("cara@acme.example", "mia@acme.example");
        assertThat(m.subject()).contains("30 days").contains(END);
        assertThat(m.textBody()).contains("lic-1").contains("https://dam.example/#/assets/a1");
        assertThat(m.htmlBody()).contains("<strong>hero.jpg</strong>");
    }

    @Test
    void aFailedSendReleasesTheClaimSoTheRetrySends() {
        String id = placedAsset();
        ExpiryCheck t7 = check(syncFromStore(id), 7);
        f.now.set(Instant.parse("2026-07-04T00:00:00Z"));
        f.mailer.failNext(new IllegalStateException("SES throttled"));
        assertThatThrownBy(() -> f.expiry.check(t7)).hasMessageContaining("SES throttled");
        assertThat(f.expiry.check(t7).status()).isEqualTo(Status.REMINDED);
        assertThat(f.mailer.sent()).hasSize(1);
    }

    @Test
    void aCheckPlannedForAnOldEndOrARemovedRecordDoesNothing() {
        String id = placedAsset();
        ExpiryCheck t7 = check(syncFromStore(id), 7);
        f.rights.put(LifecycleFixture.LEGAL, id, "lic-1", LifecycleFixture.licence("2026-01-01", "2026-08-31"));
        f.now.set(Instant.parse("2026-07-04T00:00:00Z"));
        var stale = f.expiry.check(t7);
        assertThat(stale.status()).isEqualTo(Status.STALE);
        assertThat(stale.reason()).contains("2026-09-01T00:00:00Z");
        f.rights.delete(LifecycleFixture.LEGAL, id, "lic-1");
        assertThat(f.expiry.check(t7).reason()).contains("gone");
        assertThat(f.mailer.sent()).isEmpty();
    }

    @Test
    void atTheEndTheVersionExpiresAuditedAndEveryPlacementIsAskedToUnpublishOnce() {
        String id = placedAsset();
        ExpiryCheck t0 = check(syncFromStore(id), 0);
        f.now.set(Instant.parse("2026-07-10T23:59:59Z"));
        assertThat(f.expiry.check(t0).status()).isEqualTo(Status.NOT_DUE);
        f.now.set(Instant.parse("2026-07-11T00:00:00Z"));
        var done = f.expiry.check(t0);
        assertThat(done.status()).isEqualTo(Status.EXPIRED);
        assertThat(done.events()).isEqualTo(3);
        assertThat(f.assets.findVersion(id, 1).orElseThrow().state()).isEqualTo(VersionState.EXPIRED);
        var audit = f.assets.audit(id);
        assertThat(audit.get(audit.size() - 1).action()).isEqualTo("asset.expired");
        assertThat(audit.get(audit.size() - 1).actor()).isEqualTo(ExpiryService.ACTOR);
        assertThat(AuditChain.firstBroken(audit)).isEqualTo(-1);
        assertThat(f.events.ofType(ExpiryService.ASSET_EXPIRED)).hasSize(1);
        assertThat(f.events.ofType(ExpiryService.UNPUBLISH_REQUESTED)).hasSize(2);
        assertThatThrownBy(() -> f.rights.requireUsable(id)).isInstanceOf(ForbiddenException.class);

        long revision = f.assets.find(id).orElseThrow().revision();
        var dup = f.expiry.check(t0);
        assertThat(dup.status()).isEqualTo(Status.DUPLICATE);
        assertThat(f.events.ofType(ExpiryService.UNPUBLISH_REQUESTED)).hasSize(2);
        assertThat(f.assets.find(id).orElseThrow().revision()).isEqualTo(revision);
    }

    @Test
    void expiredVersionsCannotBePlacedAnymore() {
        String id = placedAsset();
        ExpiryCheck t0 = check(syncFromStore(id), 0);
        f.advance(Duration.ofDays(41));
        f.expiry.check(t0);
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, id,
                new PlacementInput("web", null, "https://acme.example/new")))
                .hasMessageContaining("expired");
    }
}
