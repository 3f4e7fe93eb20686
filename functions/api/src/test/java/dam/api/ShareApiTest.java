package dam.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.collection.memory.InMemoryCollectionRepository;
import dam.core.library.DownloadService;
import dam.core.library.DownloadStorage;
import dam.core.library.Focal;
import dam.core.library.LibraryAccess;
import dam.core.library.RightsService;
import dam.core.library.memory.InMemoryLibraryStore;
import dam.core.library.memory.InMemoryShareStore;
import dam.core.library.share.SharePasswords;
import dam.core.library.share.ShareService;
import dam.core.library.share.ShareTokens;
import dam.core.memory.RecordingEventPublisher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Share routes through the API function as Lambda runs it: managed with a JWT, used without one (HTML pages). */
class ShareApiTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final ApplicationContext context;
    private final APIGatewayV2HTTPEventFunction function;

    ShareApiTest() {
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryLibraryStore store = new InMemoryLibraryStore(assets);
        LibraryAccess access = LibraryAccess.brandLibrary();
        RightsService rights = new RightsService(assets, store, access, events, clock);
        DownloadStorage storage = new DownloadStorage() {
            @Override
            public boolean derivativeExists(String key) {
                return false;
            }

            @Override
            public URI presignDerivative(String key, String fileName, Duration ttl) {
                return URI.create("https://derivatives.example/" + key + "?X-Amz-Signature=x");
            }

            @Override
            public URI presignOriginal(String key, String fileName, Duration ttl) {
                return URI.create("https://originals.example/" + key + "?X-Amz-Signature=x");
            }
        };
        DownloadService downloads = new DownloadService(assets, store, access, rights, storage,
                spec -> new Focal(0.5, 0.5, "saliency", List.of()), DownloadService.DEFAULT_FORMATS);
        ShareService shares = new ShareService(assets, new InMemoryCollectionRepository(),
                new InMemoryShareStore(assets, new byte[32]), access, rights, downloads, storage, store, events,
                clock, new ShareTokens("share-api-test-key-0123456789abc".getBytes(StandardCharsets.US_ASCII),
                new SecureRandom()), new SharePasswords(1_000, new SecureRandom()), "https://dam.example");
        context = ApplicationContext.builder().environments(AwsWiring.FAKES).singletons(shares).start();
        function = new APIGatewayV2HTTPEventFunction(context);
        AuditEntry audit = AuditChain.next(null, "a1", 1, T, "cara", "asset.created", "test");
        assets.save(new Asset("a1", "Acme", null, null, null, "photo.jpg", null, List.of(), List.of(), "cara", T, T,
                1, 1, audit.hash()), new AssetVersion("a1", 1, VersionState.READY, List.of(), "cara",
                "originals/a1/1/photo.jpg", "photo.jpg", "image/jpeg", 1000, null, T, T, null, "exec", "image/jpeg",
                1000L, "sha", null, null, null, null, null, null, null), audit, null);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private ApiHarness.Response call(String method, String path, String body, Map<String, String> claims,
                                     Map<String, String> headers) {
        APIGatewayV2HTTPResponse r = function.handleRequest(ApiHarness.event(method, path, body, claims, headers),
                null);
        String out = r.getBody();
        if (out != null && r.getIsBase64Encoded()) {
            out = new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8);
        }
        Map<String, String> h = new LinkedHashMap<>();
        if (r.getHeaders() != null) {
            h.putAll(r.getHeaders());
        }
        if (r.getMultiValueHeaders() != null) {
            r.getMultiValueHeaders().forEach((k, v) -> h.putIfAbsent(k, String.join(",", v)));
        }
        if (r.getCookies() != null && !r.getCookies().isEmpty()) {
            h.putIfAbsent("Set-Cookie", String.join(",", r.getCookies()));
        }
        return new ApiHarness.Response(r.getStatusCode(), h, out);
    }

    private String create(String body) {
        ApiHarness.Response r = call("POST", "/assets/a1/shares", body, ApiHarness.MANAGER, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String url = r.json().path("url").asText();
        assertThat(url).startsWith("https://dam.example/s/");
        return url.substring("https://dam.example".length());
    }

    @Test
    void aManagerMakesALinkThatAnyoneOpensAndDownloadsWithoutSigningIn() {
        String path = create("""
                {"expiresAt":"2026-06-08T00:00:00Z","maxDownloads":1,"presets":["story","original"]}""");
        ApiHarness.Response page = call("GET", path, null, null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(page.body()).contains("photo.jpg").contains(path + "/download?preset=story");

        ApiHarness.Response download = call("GET", path + "/download?preset=story&format=png", null, null, Map.of());
        assertThat(download.status()).isEqualTo(302);
        assertThat(download.header("Location")).startsWith("https://derivatives.example/downloads/a1/1/story-");
        ApiHarness.Response capped = call("GET", path + "/download?preset=original", null, null, Map.of());
        assertThat(capped.status()).isEqualTo(410);
        assertThat(capped.body()).contains("Download limit reached").doesNotContain("originals.example");

        JsonNode list = call("GET", "/shares?assetId=a1", null, ApiHarness.MANAGER, Map.of()).json();
        assertThat(list.path("items").get(0).path("downloads").asInt()).isEqualTo(1);
        assertThat(list.toString()).doesNotContain("pbkdf2");
    }

    @Test
    void badInputForgedLinksRevocationAndRolesAreRefusedClearly() {
        ApiHarness.Response bad = call("POST", "/assets/a1/shares", """
                {"expiresAt":"tomorrow","maxDownloads":0,"presets":["billboard"]}""", ApiHarness.MANAGER, Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactlyInAnyOrder("expiresAt:invalid", "maxDownloads:invalid",
                "presets[0]:unknown_value");
        assertThat(call("POST", "/assets/a1/shares", "{}", ApiHarness.ALICE, Map.of()).status()).isEqualTo(403);
        assertThat(call("POST", "/assets/a1/shares", "{}", null, Map.of()).status()).isEqualTo(401);
        assertThat(call("POST", "/assets/a1/shares", "{}", ApiHarness.ZEST_MANAGER, Map.of()).status())
                .isEqualTo(404);

        String path = create("""
                {"expiresAt":"2026-06-08T00:00:00Z","maxDownloads":5,"presets":["story"]}""");
        ApiHarness.Response forged = call("GET", path.substring(0, path.length() - 2) + "xx", null, null, Map.of());
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.body()).contains("This link is not valid");
        ApiHarness.Response xss = call("GET", "/s/%3Cscript%3E", null, null, Map.of());
        assertThat(xss.body()).doesNotContain("<script>");

        String id = call("GET", "/shares?assetId=a1", null, ApiHarness.MANAGER, Map.of()).json().path("items").get(0)
                .path("id").asText();
        assertThat(call("DELETE", "/shares/" + id, null, ApiHarness.ALICE, Map.of()).status()).isEqualTo(403);
        assertThat(call("DELETE", "/shares/" + id, null, ApiHarness.MANAGER, Map.of()).json().path("state")
                .asText()).isEqualTo("revoked");
        ApiHarness.Response revoked = call("GET", path + "/download?preset=story", null, null, Map.of());
        assertThat(revoked.status()).isEqualTo(410);
        assertThat(revoked.body()).contains("This link was revoked");
        assertThat(events.ofType(ShareService.SHARE_REVOKED)).hasSize(1);
    }

    @Test
    void thePasswordFormSetsACookieScopedToTheLink() {
        String path = create("""
                {"expiresAt":"2026-06-08T00:00:00Z","maxDownloads":5,"password":"correct horse","presets":["story"]}""");
        ApiHarness.Response form = call("GET", path, null, null, Map.of());
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("type=\"password\"").doesNotContain("download?preset");
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);
        Map<String, String> formHeaders = Map.of("content-type", "application/x-www-form-urlencoded");

        ApiHarness.Response wrong = call("POST", path, "csrf=" + csrf + "&password=wrong+horse", null, formHeaders);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong password");
        assertThat(call("POST", path, "csrf=forged&password=correct+horse", null, formHeaders).status())
                .isEqualTo(403);

        ApiHarness.Response ok = call("POST", path, "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                + "&password=correct+horse", null, formHeaders);
        assertThat(ok.status()).isEqualTo(303);
        String cookie = ok.header("Set-Cookie");
        assertThat(cookie).contains("Path=" + path).contains("HttpOnly").contains("Secure");
        String grant = cookie.substring(0, cookie.indexOf(';'));
        ApiHarness.Response opened = call("GET", path, null, null, Map.of("cookie", grant));
        assertThat(opened.body()).contains("download?preset=story");
        assertThat(call("GET", path + "/download?preset=story", null, null, Map.of("cookie", grant)).status())
                .isEqualTo(302);
        assertThat(call("GET", path + "/download?preset=story", null, null, Map.of()).status()).isEqualTo(401);
    }
}
