package dam.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RightsServiceTest {

    private final LibraryFixture f = new LibraryFixture();

    private static RightsInput licence(String start, String end) {
        return new RightsInput("rights-managed", List.of("de", "FR"), List.of("social", "web"), start, end,
                List.of("release-17"), new BigDecimal("1200.50"), "eur", "Getty", "https://docs.example/c/1.pdf");
    }

    @Test
    void aRecordIsStoredAuditedAndAnnounced() {
        String id = f.asset("r1", 1);
        RightsRecord r = f.rights.put(LibraryFixture.LEGAL, id, "lic-1", licence("2026-01-01", "2026-12-31"));
        assertThat(r.territories()).containsExactly("DE", "FR");
        assertThat(r.costCurrency()).isEqualTo("EUR");
        RightsService.AssetRights view = f.rights.list(LibraryFixture.VIEWER, id);
        assertThat(view.status()).isEqualTo(RightsStatus.ACTIVE);
        assertThat(view.items()).containsExactly(r);
        var audit = f.assets.audit(id);
        assertThat(audit.get(audit.size() - 1).action()).isEqualTo("rights.put");
        assertThat(audit.get(audit.size() - 1).detail()).contains("lic-1").contains("status=active");
        assertThat(AuditChain.firstBroken(audit)).isEqualTo(-1);
        assertThat(f.store.rightsSummary(id).orElseThrow().validUntil()).isEqualTo(LocalDate.parse("2026-12-31"));
        var event = f.events.ofType(RightsService.RIGHTS_CHANGED).get(0);
        @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) event.detail();
        assertThat(d).containsEntry("assetId", id).containsEntry("status", "active").containsEntry("change", "put")
                .containsEntry("end", "2026-12-31");
    }

    @Test
    void statusFollowsTheClockAndTheRecords() {
        String id = f.asset("r2", 1);
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.NONE);
        f.rights.put(LibraryFixture.LEGAL, id, "lic-1", licence("2026-01-01", "2026-06-20"));
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.EXPIRING);
        f.now.set(Instant.parse("2026-06-21T00:00:00Z"));
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.EXPIRED);
        assertThatThrownBy(() -> f.rights.requireUsable(id)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("expired on 2026-06-20");
        f.rights.put(LibraryFixture.MANAGER, id, "lic-2", licence("2026-07-01", null));
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.EXPIRED);
        f.now.set(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.ACTIVE);
        f.rights.delete(LibraryFixture.LEGAL, id, "lic-2");
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.EXPIRED);
        assertThat(f.events.ofType(RightsService.RIGHTS_CHANGED)).hasSize(3);
    }

    @Test
    void aFutureOnlyLicenceIsPendingAndBlocksUse() {
        String id = f.asset("r3", 1);
        f.rights.put(LibraryFixture.LEGAL, id, "lic-1", licence("2026-09-01", null));
        assertThat(f.rights.status(id)).isEqualTo(RightsStatus.PENDING);
        assertThatThrownBy(() -> f.rights.requireUsable(id)).hasMessageContaining("start on 2026-09-01");
    }

    @Test
    void invalidInputListsEveryFieldAndStoresNothing() {
        String id = f.asset("r4", 1);
        long revision = f.assets.find(id).orElseThrow().revision();
        ValidationException e = (ValidationException) org.assertj.core.api.Assertions.catchThrowable(() ->
                f.rights.put(LibraryFixture.LEGAL, id, "lic-1", new RightsInput("stolen", List.of("XX"),
                        List.of("billboards"), "2026-05-01", "2026-04-01", null, new BigDecimal("-1"), null, null,
                        "http://docs.example/x")));
        assertThat(e.errors()).extracting(x -> x.field() + ":" + x.code()).containsExactly(
                "licenceType:unknown_value", "territories[0]:unknown_value", "channels[0]:unknown_value",
                "end:invalid", "costAmount:negative", "costCurrency:required", "documentUrl:invalid");
        assertThat(f.store.rights(id)).isEmpty();
        assertThat(f.assets.find(id).orElseThrow().revision()).isEqualTo(revision);
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void onlyLegalManagersAndAdminsRecordRightsAndOthersBrandsDoNotSeeThem() {
        String id = f.asset("r5", 1);
        assertThatThrownBy(() -> f.rights.put(LibraryFixture.CREATOR, id, "lic-1", licence("2026-01-01", null)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.rights.list(LibraryFixture.OTHER_BRAND, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.rights.delete(LibraryFixture.LEGAL, id, "nope"))
                .isInstanceOf(NotFoundException.class);
    }
}
