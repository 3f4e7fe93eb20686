package dam.core.library;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.collection.Collection;
import dam.core.collection.CollectionRepository;
import dam.core.collection.memory.InMemoryCollectionRepository;
import dam.core.library.memory.InMemoryShareStore;
import dam.core.library.share.Share;
import dam.core.library.share.ShareInput;
import dam.core.library.share.SharePasswords;
import dam.core.library.share.ShareRevocations;
import dam.core.library.share.ShareService;
import dam.core.library.share.ShareTokens;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Share links on in-memory fakes: creation rules, every refused path, the atomic cap, the audit chain, events. */
class ShareServiceTest {

    private static final Principal MANAGER = LibraryFixture.MANAGER;
    private static final String BASE = "https://dam.example";

    private final LibraryFixture f = new LibraryFixture();
    private final Map<String, Visibility> standing = new ConcurrentHashMap<>();
    private final LibraryAccess access = LibraryAccess.fixed(a -> standing.getOrDefault(a.id(), Visibility.APPROVED));
    private final InMemoryCollectionRepository collections = new InMemoryCollectionRepository();
    private final ShareTokens tokens = new ShareTokens("0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.US_ASCII), new SecureRandom());
    private final ShareService shares = new ShareService(f.assets, collections,
            new InMemoryShareStore(f.assets, new byte[32]), access, f.rights, f.downloads, storage(), f.store,
            f.events, f.clock, tokens, new SharePasswords(1_000, new SecureRandom()), BASE);

    private DownloadStorage storage() {
        return new DownloadStorage() {
            @Override
            public boolean derivativeExists(String key) {
                return false;
            }

            @Override
            public java.net.URI presignDerivative(String key, String fileName, Duration ttl) {
                return java.net.URI.create("https://derivatives.example/" + key);
            }

            @Override
            public java.net.URI presignOriginal(String key, String fileName, Duration ttl) {
                return java.net.URI.create("https://originals.example/" + key);
            }
        };
    }

    private ShareInput input(int max, String password, String... presets) {
        return new ShareInput(f.now.get().plus(Duration.ofDays(7)).toString(), max, password, List.of(presets));
    }

    private static String token(ShareService.ShareView v) {
        return v.url().substring(v.url().lastIndexOf('/') + 1);
    }

    private List<String> actions(String assetId) {
        return f.assets.audit(assetId).stream().map(AuditEntry::action).toList();
    }

    @Test
    void aLinkDownloadsItsPresetsCountsEachUseAndAuditsItOnTheAssetChain() {
        String id = f.asset("s1", 1);
        ShareService.ShareView v = shares.createForAsset(MANAGER, id, input(2, null, "instagram-square",
                Share.ORIGINAL));
        assertThat(v.url()).matches(BASE + "/s/[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        assertThat(v.state()).isEqualTo("active");
        assertThat(f.events.events()).anyMatch(e -> e.detailType().equals(ShareService.SHARE_CREATED));

        ShareService.Answer page = shares.open(token(v), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.assets()).extracting(ShareService.PageAsset::assetId).containsExactly(id);
        assertThat(page.presets()).containsExactly("instagram-square", Share.ORIGINAL);

        ShareService.Answer png = shares.download(token(v), null, null, "instagram-square", "png");
        assertThat(png.status()).isEqualTo(302);
        assertThat(png.redirect().toString()).contains("downloads/s1/1/instagram-square-1080x1080-auto.png");
        ShareService.Answer original = shares.download(token(v), null, null, Share.ORIGINAL, null);
        assertThat(original.redirect().toString()).startsWith("https://originals.example/originals/s1/1/photo.jpg");

        ShareService.Answer third = shares.download(token(v), null, null, Share.ORIGINAL, null);
        assertThat(third.status()).isEqualTo(410);
        assertThat(third.title()).isEqualTo("Download limit reached");
        assertThat(shares.listForAsset(MANAGER, id).get(0).downloads()).isEqualTo(2);
        assertThat(shares.listForAsset(MANAGER, id).get(0).state()).isEqualTo("exhausted");
        assertThat(actions(id)).containsSubsequence("share.created", "share.viewed", "share.download",
                "share.download", "share.refused");
        assertThat(AuditChain.firstBroken(f.assets.audit(id))).isEqualTo(-1);
    }

    @Test
    void onlyPresetsTheLinkOffersAndNoFreeSizes() {
        String id = f.asset("s2", 1);
        ShareService.ShareView v = shares.createForAsset(MANAGER, id, input(5, null, "story"));
        assertThat(shares.download(token(v), null, null, Share.ORIGINAL, null).status()).isEqualTo(400);
        assertThat(shares.download(token(v), null, null, "linkedin", null).reason()).contains("[story]");
        assertThat(shares.download(token(v), null, null, null, null).status()).isEqualTo(400);
        assertThat(shares.download(token(v), null, null, "story", "bmp").status()).isEqualTo(400);
        assertThat(shares.listForAsset(MANAGER, id).get(0).downloads()).as("refusals count nothing").isZero();
    }

    @Test
    void creationIsForManagersOfApprovedUsableAssetsWithValidInput() {
        String id = f.asset("s3", 1);
        assertThatThrownBy(() -> shares.createForAsset(LibraryFixture.CREATOR, id, input(1, null, "story")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> shares.createForAsset(LibraryFixture.OTHER_BRAND, id, input(1, null, "story")))
                .isInstanceOf(NotFoundException.class);
        ValidationException bad = (ValidationException) org.assertj.core.api.Assertions.catchThrowable(() ->
                shares.createForAsset(MANAGER, id, new ShareInput("2020-01-01T00:00:00Z", -1, "short",
                        List.of("billboard", "story", "story"))));
        assertThat(bad.errors()).extracting(e -> e.field() + ":" + e.code()).containsExactlyInAnyOrder(
                "expiresAt:in_past", "maxDownloads:negative", "password:invalid", "presets[0]:unknown_value",
                "presets[2]:duplicate");
        assertThatThrownBy(() -> shares.createForAsset(MANAGER, id, new ShareInput(
                f.now.get().plus(Duration.ofDays(400)).toString(), 1, null, List.of("story"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).message())
                        .contains("365 days"));
        standing.put(id, Visibility.IN_REVIEW);
        assertThatThrownBy(() -> shares.createForAsset(MANAGER, id, input(1, null, "story")))
                .as("in review: hidden from a manager outside the brief team").isInstanceOf(NotFoundException.class);
        Principal admin = new Principal("ada", "ada", Set.of(Role.ADMIN), Set.of("Acme"));
        assertThatThrownBy(() -> shares.createForAsset(admin, id, input(1, null, "story")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("only approved assets");
        standing.remove(id);
        f.rights.put(LibraryFixture.LEGAL, id, "old", expiredLicence());
        assertThatThrownBy(() -> shares.createForAsset(MANAGER, id, input(1, null, "story")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("usage rights expired");
        assertThat(f.events.events()).noneMatch(e -> e.detailType().equals(ShareService.SHARE_CREATED));
    }

    private static RightsInput expiredLicence() {
        return new RightsInput("rights-managed", List.of("DE"), List.of("social"), "2020-01-01", "2020-12-31",
                List.of(), new BigDecimal("1"), "EUR", "Getty", null);
    }

    @Test
    void expiredRevokedForgedAndWithdrawnLinksGetAReasonAndNoDownload() {
        String id = f.asset("s4", 1);
        ShareService.ShareView v = shares.createForAsset(MANAGER, id, input(10, null, "story"));
        String t = token(v);

        String tampered = t.substring(0, 5) + (t.charAt(5) == 'A' ? 'B' : 'A') + t.substring(6);
        assertThat(shares.open(tampered, null).status()).isEqualTo(404);
        assertThat(shares.download(tampered, null, null, "story", null).redirect()).isNull();
        assertThat(shares.open("not-a-token", null).title()).isEqualTo("This link is not valid");
        String otherKey = new ShareTokens(new byte[32], new SecureRandom()).token(v.id());
        assertThat(shares.open(otherKey, null).status()).as("signed with another key").isEqualTo(404);

        standing.put(id, Visibility.EXPIRED);
        assertThat(shares.download(t, null, null, "story", null).reason()).contains("expired");
        standing.remove(id);
        f.rights.put(LibraryFixture.LEGAL, id, "old", expiredLicence());
        ShareService.Answer rights = shares.download(t, null, null, "story", null);
        assertThat(rights.status()).isEqualTo(410);
        assertThat(rights.reason()).contains("usage rights expired on 2020-12-31");
        f.rights.delete(LibraryFixture.LEGAL, id, "old");
        assertThat(shares.download(t, null, null, "story", null).status()).isEqualTo(302);

        f.now.set(v.expiresAt());
        ShareService.Answer expired = shares.open(t, null);
        assertThat(expired.title()).isEqualTo("This link has expired");
        assertThat(shares.download(t, null, null, "story", null).redirect()).isNull();
        f.now.set(v.expiresAt().minusSeconds(60));

        assertThatThrownBy(() -> shares.revoke(LibraryFixture.CREATOR, v.id())).isInstanceOf(ForbiddenException.class);
        assertThat(shares.revoke(MANAGER, v.id()).state()).isEqualTo("revoked");
        assertThat(shares.revoke(MANAGER, v.id()).revokedBy()).as("again: unchanged").isEqualTo("mia");
        assertThat(shares.open(t, null).title()).isEqualTo("This link was revoked");
        assertThat(shares.download(t, null, null, "story", null).status()).isEqualTo(410);
        assertThat(f.events.events().stream().filter(e -> e.detailType().equals(ShareService.SHARE_REVOKED)))
                .hasSize(1);
        assertThat(shares.listForAsset(MANAGER, id).get(0).downloads()).isEqualTo(1);
        assertThat(AuditChain.firstBroken(f.assets.audit(id))).isEqualTo(-1);
    }

    @Test
    void aPasswordIsAskedCheckedWithTheFormsCsrfAndGrantedForThisLinkOnly() {
        String id = f.asset("s5", 1);
        ShareService.ShareView v = shares.createForAsset(MANAGER, id, input(10, "correct horse", "story"));
        ShareService.ShareView other = shares.createForAsset(MANAGER, id, input(10, "correct horse", "story"));
        String t = token(v);
        assertThat(v.passwordProtected()).isTrue();

        ShareService.Answer form = shares.open(t, null);
        assertThat(form.passwordRequired()).isTrue();
        assertThat(form.assets()).isEmpty();
        assertThat(shares.download(t, null, null, "story", null).status()).isEqualTo(401);

        assertThat(shares.unlock(t, "forged", "correct horse").status()).isEqualTo(403);
        assertThat(shares.unlock(t, shares.open(token(other), null).csrf(), "correct horse").status())
                .as("another link's CSRF value").isEqualTo(403);
        ShareService.Answer wrong = shares.unlock(t, form.csrf(), "wrong horse");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.reason()).isEqualTo("Wrong password. Try again.");
        ShareService.Answer ok = shares.unlock(t, form.csrf(), "correct horse");
        assertThat(ok.grant()).isNotBlank();

        assertThat(shares.open(t, ok.grant()).assets()).hasSize(1);
        assertThat(shares.download(t, ok.grant(), null, "story", null).status()).isEqualTo(302);
        assertThat(shares.download(token(other), ok.grant(), null, "story", null).status())
                .as("the grant opens its own link only").isEqualTo(401);
        f.now.set(f.now.get().plus(ShareService.GRANT_TTL));
        assertThat(shares.open(t, ok.grant()).passwordRequired()).as("grants expire").isTrue();
        assertThat(actions(id)).contains("share.unlocked").containsSubsequence("share.refused", "share.refused");
    }

    @Test
    void twoRacingDownloadsAtCapMinusOneGiveExactlyOne() throws Exception {
        String id = f.asset("s6", 1);
        ShareService.ShareView v = shares.createForAsset(MANAGER, id, input(3, null, Share.ORIGINAL));
        assertThat(shares.download(token(v), null, null, Share.ORIGINAL, null).status()).isEqualTo(302);
        assertThat(shares.download(token(v), null, null, Share.ORIGINAL, null).status()).isEqualTo(302);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racers.add(pool.submit(() -> {
                    go.await();
                    return shares.download(token(v), null, null, Share.ORIGINAL, null).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : racers) {
                statuses.add(r.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(302, 410);
        } finally {
            pool.shutdownNow();
        }
        assertThat(shares.listForAsset(MANAGER, id).get(0).downloads()).isEqualTo(3);
        assertThat(actions(id).stream().filter("share.download"::equals)).hasSize(3);
    }

    @Test
    void aCollectionLinkListsItsAssetsAndDownloadsOnlyThem() {
        String a = f.asset("c1", 1);
        String b = f.asset("c2", 1);
        String outside = f.asset("c3", 1);
        collections.create(new Collection("col1", Collection.Kind.COLLECTION, "Spring", "Acme", null, "mia",
                Instant.parse("2026-06-01T10:00:00Z")));
        collections.addItem("col1", new CollectionRepository.Item(a, "mia", f.now.get()));
        collections.addItem("col1", new CollectionRepository.Item(b, "mia", f.now.get()));
        standing.put(b, Visibility.DRAFT);
        assertThatThrownBy(() -> shares.createForCollection(LibraryFixture.VIEWER, "col1", input(5, null,
                "story"))).isInstanceOf(ForbiddenException.class);
        ShareService.ShareView v = shares.createForCollection(MANAGER, "col1", input(5, null, "story"));
        ShareService.Answer page = shares.open(token(v), null);
        assertThat(page.assets()).extracting(p -> p.assetId() + ":" + (p.unavailable() == null))
                .containsExactly(a + ":true", b + ":false");
        assertThat(shares.download(token(v), null, a, "story", null).status()).isEqualTo(302);
        assertThat(shares.download(token(v), null, b, "story", null).status()).isEqualTo(410);
        assertThat(shares.download(token(v), null, outside, "story", null).status()).isEqualTo(404);
        assertThat(actions(a)).contains("share.download");
        assertThat(shares.listForCollection(MANAGER, "col1")).hasSize(1);
    }

    @Test
    void revokeAllForStopsEveryLiveLinkOfTheAsset() {
        String id = f.asset("s7", 1);
        ShareService.ShareView one = shares.createForAsset(MANAGER, id, input(5, null, "story"));
        shares.createForAsset(MANAGER, id, input(5, null, "story"));
        shares.revoke(MANAGER, one.id());
        assertThat(shares.revokeAllFor(id, "expiry", "usage rights ended")).isEqualTo(1);
        assertThat(shares.listForAsset(MANAGER, id)).allMatch(s -> s.state().equals("revoked"));
        assertThat(shares.open(token(one), null).status()).isEqualTo(410);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExpiryRevocationIsAuditedAndAnnouncedOnceWithItsReason() {
        String id = f.asset("s8", 1);
        ShareService.ShareView link = shares.createForAsset(MANAGER, id, input(5, null, "story"));
        assertThat(shares.revokeAllFor(id, "system:expiry-scan", ShareRevocations.RIGHTS_EXPIRED)).isEqualTo(1);
        assertThat(shares.revokeAllFor(id, "system:expiry-scan", ShareRevocations.RIGHTS_EXPIRED)).isZero();
        var revoked = f.events.ofType(ShareService.SHARE_REVOKED);
        assertThat(revoked).hasSize(1);
        assertThat((Map<String, Object>) revoked.get(0).detail()).containsEntry("shareId", link.id())
                .containsEntry("reason", "rights expired").containsEntry("revokedBy", "system:expiry-scan");
        var audit = f.assets.audit(id);
        assertThat(audit.get(audit.size() - 1).action()).isEqualTo("share.revoked");
        assertThat(audit.get(audit.size() - 1).detail()).contains("reason=rights expired");
        assertThat(shares.listForAsset(MANAGER, id)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("revoked");
            assertThat(s.revokedBy()).isEqualTo("system:expiry-scan");
        });
    }

    @Test
    void passwordsAreSaltedPbkdf2Hashes() {
        SharePasswords p = new SharePasswords(1_000, new SecureRandom());
        String h1 = p.hash("correct horse");
        assertThat(h1).startsWith("pbkdf2-sha512$1000$").doesNotContain("correct");
        assertThat(p.hash("correct horse")).as("salted").isNotEqualTo(h1);
        assertThat(p.matches("correct horse", h1)).isTrue();
        assertThat(p.matches("correct horsf", h1)).isFalse();
        assertThat(Set.of(tokens.newId(), tokens.newId())).hasSize(2);
    }
}
