package dam.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.VersionState;
import dam.core.lifecycle.ExpiryService.Status;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTermServiceTest {

    private final LifecycleFixture f = new LifecycleFixture(); // today is 2026-06-01

    private void sync(UsageTerm t) {
        f.planner.sync(t.assetId(), t.termId(), t.kind(), t.endsAt());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTalentReleaseIsStoredAuditedAnnouncedAndPlansItsOwnSchedules() {
        String id = f.asset("a1", true);
        UsageTerm t = f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane",
                new UsageTermInput(" Jane Doe ", "MR-2026-17", "2026-01-01", "2026-07-10"));
        assertThat(t.name()).isEqualTo("Jane Doe");
        assertThat(t.endsAt()).isEqualTo(Instant.parse("2026-07-11T00:00:00Z"));
        assertThat(f.usageTerms.list(LifecycleFixture.CREATOR, ExpiryCheck.TALENT, id).items()).containsExactly(t);
        assertThat(f.usageTerms.list(LifecycleFixture.CREATOR, ExpiryCheck.OFFER, id).items()).isEmpty();
        assertThat(f.assets.audit(id).get(f.assets.audit(id).size() - 1).action()).isEqualTo("talent.put");
        var event = f.events.events().get(f.events.events().size() - 1);
        assertThat(event.detailType()).isEqualTo(UsageTermService.TERM_CHANGED);
        assertThat((Map<String, Object>) event.detail()).containsEntry("kind", "talent").containsEntry("termId", "jane")
                .containsEntry("end", "2026-07-10");

        sync(t);
        assertThat(f.scheduler.schedules()).hasSize(4);
        assertThat(f.scheduler.schedules().keySet()).allMatch(n -> n.startsWith(
                ExpiryPlanner.scheduleName(t.dated(), 0).replace("-t0", "-t")));
        // a rights record of the same id is another subject: other names
        assertThat(ExpiryPlanner.scheduleName(t.dated(), 0)).isNotEqualTo(ExpiryPlanner.scheduleName(
                new ExpiryPlanner.Dated(id, "jane", ExpiryCheck.RIGHTS, t.endsAt()), 0));
    }

    @Test
    void badInputIsRefusedWithEveryReasonAndNothingStored() {
        String id = f.asset("a1", true);
        int audit = f.assets.audit(id).size();
        assertThatThrownBy(() -> f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.OFFER, id, "spring",
                new UsageTermInput("Spring sale", null, "2026-05-01", "2026-04-30")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).message())
                        .isEqualTo("end (2026-04-30) is before start (2026-05-01)"));
        assertThatThrownBy(() -> f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.OFFER, id, "bad id!",
                new UsageTermInput("", null, null, "31.04.2026")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(dam.core.FieldError::field).containsExactlyInAnyOrder("termId", "name", "end"));
        assertThat(f.terms.terms(id, ExpiryCheck.OFFER)).isEmpty();
        assertThat(f.assets.audit(id)).hasSize(audit);
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void creatorsMayNotRecordTermsAndRemovingAMissingOneIs404() {
        String id = f.asset("a1", true);
        assertThatThrownBy(() -> f.usageTerms.put(LifecycleFixture.CREATOR, ExpiryCheck.TALENT, id, "jane",
                new UsageTermInput("Jane", null, null, "2026-07-10"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.usageTerms.delete(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theEarliestEndExpiresTheAssetAndTheRemindersNameTheTerm() {
        String id = f.asset("a1", true);
        f.rights.put(LifecycleFixture.LEGAL, id, "lic", LifecycleFixture.licence("2026-01-01", "2027-12-31"));
        UsageTerm offer = f.usageTerms.put(LifecycleFixture.MANAGER, ExpiryCheck.OFFER, id, "spring",
                new UsageTermInput("Spring sale -20%", null, null, "2026-06-20"));
        UsageTerm talent = f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane",
                new UsageTermInput("Jane Doe", null, null, "2026-08-31"));
        sync(offer);
        sync(talent);
        Map<String, ?> planned = f.scheduler.schedules();
        assertThat(planned).hasSize(3 + 4); // the offer's T-30 has passed

        f.now.set(Instant.parse("2026-06-20T00:00:00Z"));
        var remind = f.expiry.check(new ExpiryCheck(id, "spring", ExpiryCheck.OFFER, 1, offer.endsAt()));
        assertThat(remind.status()).isEqualTo(Status.REMINDED);
        assertThat(f.mailer.sent().get(0).subject()).isEqualTo("Offer of \"hero.jpg\" ends in 1 day (last day "
                + "2026-06-20)");
        assertThat(f.mailer.sent().get(0).textBody()).contains("the offer \"Spring sale -20%\" of the asset");

        f.now.set(Instant.parse("2026-06-21T00:00:00Z"));
        var expired = f.expiry.check(new ExpiryCheck(id, "spring", ExpiryCheck.OFFER, 0, offer.endsAt()));
        assertThat(expired.status()).isEqualTo(Status.EXPIRED);
        assertThat(f.assets.versions(id).get(0).state()).isEqualTo(VersionState.EXPIRED);
        assertThat(f.assets.audit(id).get(f.assets.audit(id).size() - 1).detail()).startsWith("offer spring ended");
        assertThat(f.expiry.check(new ExpiryCheck(id, "spring", ExpiryCheck.OFFER, 0, offer.endsAt())).status())
                .isEqualTo(Status.DUPLICATE);
    }

    @Test
    void aMovedOrRemovedTermMakesItsOldChecksStale() {
        String id = f.asset("a1", true);
        UsageTerm first = f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane",
                new UsageTermInput("Jane Doe", null, null, "2026-06-10"));
        f.usageTerms.put(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane",
                new UsageTermInput("Jane Doe", null, null, "2026-12-31"));
        f.now.set(Instant.parse("2026-06-11T00:00:00Z"));
        assertThat(f.expiry.check(new ExpiryCheck(id, "jane", ExpiryCheck.TALENT, 0, first.endsAt())).status())
                .isEqualTo(Status.STALE);
        f.usageTerms.delete(LifecycleFixture.LEGAL, ExpiryCheck.TALENT, id, "jane");
        var gone = f.expiry.check(new ExpiryCheck(id, "jane", ExpiryCheck.TALENT, 0, first.endsAt()));
        assertThat(gone.status()).isEqualTo(Status.STALE);
        assertThat(gone.reason()).isEqualTo("talent record jane is gone");
        assertThat(f.assets.versions(id).get(0).state()).isEqualTo(VersionState.READY);
    }
}
