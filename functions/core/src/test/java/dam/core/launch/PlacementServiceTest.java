package dam.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ConflictException;
import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.lifecycle.LifecycleFixture;
import org.junit.jupiter.api.Test;

class PlacementServiceTest {

    private final LifecycleFixture f = new LifecycleFixture();

    @Test
    void anApprovedVersionIsPlacedOnceAndAnnounced() {
        String id = f.asset("a1", true);
        f.placements.saveWebhookTarget(new WebhookTarget("cms", "https://cms.example/hook", "s".repeat(32)));
        var placed = f.launch.place(LifecycleFixture.MANAGER, id, new PlacementInput("Webhook", "cms", null));
        assertThat(placed.created()).isTrue();
        assertThat(placed.placement().url()).isEqualTo("https://cms.example/hook");
        assertThat(placed.placement().version()).isEqualTo(1);
        assertThat(placed.placement().publishedBy()).isEqualTo("mia");
        var again = f.launch.place(LifecycleFixture.MANAGER, id, new PlacementInput("webhook", "cms", null));
        assertThat(again.created()).isFalse();
        assertThat(again.placement().id()).isEqualTo(placed.placement().id());
        assertThat(f.launch.list(LifecycleFixture.CREATOR, id)).hasSize(1);
        var events = f.events.ofType(PlacementService.ASSET_PUBLISHED);
        assertThat(events).hasSize(1);
        @SuppressWarnings("unchecked")
        var d = (java.util.Map<String, Object>) events.get(0).detail();
        assertThat(d).containsEntry("channel", "webhook").containsEntry("targetId", "cms")
                .containsEntry("placementId", placed.placement().id()).containsEntry("source", "api");
    }

    @Test
    void badInputIsRefusedWithEveryReasonAndNothingStored() {
        String id = f.asset("a1", true);
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, id,
                new PlacementInput("fax", null, "ftp://x")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(x -> x.field()).containsExactlyInAnyOrder("channel", "url"));
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, id,
                new PlacementInput("webhook", "nope", null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).message())
                        .contains("unknown channel target 'nope'"));
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, id, new PlacementInput("web", null, null)))
                .isInstanceOf(ValidationException.class);
        assertThat(f.placements.placements(id)).isEmpty();
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void onlyApprovedVersionsWithUsableRightsByManagers() {
        String draft = f.asset("d1", false);
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, draft,
                new PlacementInput("web", null, "https://acme.example/p"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no approved version");
        String ok = f.asset("a2", true);
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.CREATOR, ok,
                new PlacementInput("web", null, "https://acme.example/p"))).isInstanceOf(ForbiddenException.class);
        f.rights.put(LifecycleFixture.LEGAL, ok, "lic", LifecycleFixture.licence("2026-01-01", "2026-05-31"));
        assertThatThrownBy(() -> f.launch.place(LifecycleFixture.MANAGER, ok,
                new PlacementInput("web", null, "https://acme.example/p"))).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("expired on 2026-05-31");
        assertThat(f.events.ofType(PlacementService.ASSET_PUBLISHED)).isEmpty();
    }

    @Test
    void integrationsRegisterPlacementsMadeElsewhere() {
        String id = f.asset("a1", true);
        var p = f.launch.register(id, new PlacementInput("print", "catalogue-2026", null), "crm.acme", "ops@acme.example");
        assertThat(p.placement().source()).isEqualTo("crm.acme");
        assertThat(p.placement().publishedBy()).isEqualTo("ops@acme.example");
    }

    @Test
    void webhookTargetsAreAdminsOnlyAndValidated() {
        assertThatThrownBy(() -> f.launch.saveWebhookTarget(LifecycleFixture.MANAGER, "cms",
                "https://cms.example", "s".repeat(32))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> f.launch.saveWebhookTarget(LifecycleFixture.ADMIN, "CMS!", "http://cms.example",
                "short")).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                .extracting(x -> x.field()).containsExactlyInAnyOrder("id", "url", "secret"));
        var t = f.launch.saveWebhookTarget(LifecycleFixture.ADMIN, "local", "http://127.0.0.1:9/hook",
                "s".repeat(32));
        assertThat(t.toString()).doesNotContain("sss");
        assertThat(f.placements.webhookTarget("local")).contains(t);
    }

    @Test
    void registeringIsIdempotentByChannelAndTargetIdWhateverTheUrl() {
        String id = f.asset("r1", true);
        var first = f.launch.register(id, new PlacementInput("web", "home", "https://acme.example/"), "partner.cms",
                "ed@acme.example");
        var again = f.launch.register(id, new PlacementInput("web", "home", "https://acme.example/?v=2"),
                "partner.cms", "ed@acme.example");
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.placement().id()).isEqualTo(first.placement().id());
        assertThat(first.placement().source()).isEqualTo("partner.cms");
        assertThat(f.launch.register(id, new PlacementInput("social", "home", null), "partner.cms", "ed")
                .created()).as("another channel").isTrue();
        assertThat(f.events.ofType(PlacementService.ASSET_PUBLISHED)).hasSize(2);
    }

    @Test
    void webhookTargetTimeoutsAreBounded() {
        var t = f.launch.saveWebhookTarget(LifecycleFixture.ADMIN, "slow", "https://slow.example/hook",
                "s".repeat(32), 2);
        assertThat(t.timeoutSeconds()).isEqualTo(2);
        assertThat(f.launch.saveWebhookTarget(LifecycleFixture.ADMIN, "std", "https://std.example/hook",
                "s".repeat(32)).timeoutSeconds()).isEqualTo(WebhookTarget.DEFAULT_TIMEOUT_SECONDS);
        assertThatThrownBy(() -> f.launch.saveWebhookTarget(LifecycleFixture.ADMIN, "bad", "https://x.example",
                "s".repeat(32), 21)).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(x -> x.field()).containsExactly("timeoutSeconds"));
        assertThat(f.placements.webhookTarget("bad")).isEmpty();
    }
}
