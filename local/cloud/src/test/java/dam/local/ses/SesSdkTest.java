package dam.local.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.clock.LocalClock;
import dam.local.edge.Edge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.IdentityInfo;
import software.amazon.awssdk.services.sesv2.model.IdentityType;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * The provider behind the real edge, driven by the SDK's SesV2Client (what {@code dam.aws.SesMailer} uses), plus the
 * outbox routes as the lead mounts them on the edge.
 */
class SesSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path state;
    static LocalClock clock;
    static SesProvider ses;
    static Edge edge;
    static SesV2Client client;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        clock = LocalClock.fixed(Instant.parse("2026-05-04T09:30:00Z"));
        ses = new SesProvider(clock, state);
        edge = new Edge("127.0.0.1", 0, null, List.of(ses))
                .route("/_aws/ses", req -> ses.outboxJson(req.getQueryString()))
                .route("/_dam/outbox", req -> ses.outboxPage(req.getRequestURI(), req.getQueryString()))
                .start();
        client = SesV2Client.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        edge.close();
        clock.close();
    }

    @Test
    void sendEmailWithTextAndHtmlThroughTheSdk() throws Exception {
        String to = "sdk-simple@example.com";
        String id = client.sendEmail(b -> b.fromEmailAddress("DAM <noreply@dam.test>")
                .destination(d -> d.toAddresses(to))
                .configurationSetName("dam-mail")
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data("Please review “Spring hero”").charset("UTF-8"))
                        .body(body -> body
                                .text(t -> t.data("Review: http://127.0.0.1:8080/review/abc").charset("UTF-8"))
                                .html(h -> h.data("<a href=\"http://127.0.0.1:8080/review/abc\">Review</a>")
                                        .charset("UTF-8")))))).messageId();

        List<OutboxMessage> sent = ses.messagesTo(to);
        assertEquals(1, sent.size());
        OutboxMessage m = sent.get(0);
        assertEquals(id, m.id());
        assertEquals("DAM <noreply@dam.test>", m.from());
        assertEquals("Please review “Spring hero”", m.subject());
        assertEquals("dam-mail", m.configurationSet());
        assertEquals("us-east-1", m.region());
        assertEquals(List.of("http://127.0.0.1:8080/review/abc"), m.links());

        JsonNode json = JSON.readTree(get("/_aws/ses?to=" + to).body());
        assertEquals(id, json.at("/messages/0/Id").asText());
        assertEquals("<a href=\"http://127.0.0.1:8080/review/abc\">Review</a>",
                json.at("/messages/0/Body/html_part").asText());

        HttpResponse<String> page = get("/_dam/outbox/" + id);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        assertTrue(page.body().contains("<a href=\"http://127.0.0.1:8080/review/abc\""), page.body());
        HttpResponse<String> list = get("/_dam/outbox");
        assertTrue(list.body().contains("/_dam/outbox/" + id), list.body());
    }

    @Test
    void sendRawEmailThroughTheSdk() {
        String mime = "From: raw@dam.test\r\nTo: sdk-raw@example.com\r\nSubject: Raw hello\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello raw\r\n";
        String id = client.sendEmail(b -> b.content(c -> c.raw(r -> r.data(SdkBytes.fromString(mime,
                StandardCharsets.UTF_8))))).messageId();
        OutboxMessage m = ses.message(id).orElseThrow();
        assertEquals("Raw hello", m.subject());
        assertEquals(List.of("sdk-raw@example.com"), m.to());
        assertEquals("Hello raw\r\n", m.text());
    }

    @Test
    void invalidRequestsAreBadRequestExceptionsAndStoreNothing() {
        int before = ses.messages().size();
        SendEmailRequest noFrom = SendEmailRequest.builder().destination(d -> d.toAddresses("a@example.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("y")))))
                .build();
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.sendEmail(noFrom));
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("FromEmailAddress"), e.getMessage());

        List<String> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.com").toList();
        assertThrows(BadRequestException.class, () -> client.sendEmail(noFrom.toBuilder()
                .fromEmailAddress("noreply@dam.test").destination(d -> d.toAddresses(many)).build()));
        assertThrows(BadRequestException.class, () -> client.sendEmail(noFrom.toBuilder()
                .fromEmailAddress("noreply@dam.test").destination(d -> d.toAddresses("no-at-sign")).build()));
        assertThrows(BadRequestException.class, () -> client.sendEmail(noFrom.toBuilder()
                .fromEmailAddress("noreply@dam.test").content(c -> c.simple(m -> m.body(b -> b.text(t -> t
                        .data("no subject"))))).build()));
        assertEquals(before, ses.messages().size());
    }

    @Test
    void identitiesAndAccountThroughTheSdk() {
        assertEquals(IdentityType.DOMAIN, client.createEmailIdentity(b -> b.emailIdentity("sdk.dam.test"))
                .identityType());
        client.createEmailIdentity(b -> b.emailIdentity("sender@sdk.dam.test"));
        assertThrows(AlreadyExistsException.class, () -> client.createEmailIdentity(b -> b
                .emailIdentity("sdk.dam.test")));

        GetEmailIdentityResponse got = client.getEmailIdentity(b -> b.emailIdentity("sender@sdk.dam.test"));
        assertEquals(IdentityType.EMAIL_ADDRESS, got.identityType());
        assertTrue(got.verifiedForSendingStatus());
        NotFoundException missing = assertThrows(NotFoundException.class, () -> client.getEmailIdentity(b -> b
                .emailIdentity("missing@sdk.dam.test")));
        assertEquals(404, missing.statusCode());

        List<String> names = client.listEmailIdentitiesPaginator(b -> b.pageSize(1)).stream()
                .peek(page -> assertTrue(page.emailIdentities().size() <= 1))
                .flatMap(page -> page.emailIdentities().stream()).map(IdentityInfo::identityName).toList();
        assertTrue(names.containsAll(List.of("sdk.dam.test", "sender@sdk.dam.test")), names.toString());

        client.deleteEmailIdentity(b -> b.emailIdentity("sender@sdk.dam.test"));
        assertThrows(NotFoundException.class, () -> client.getEmailIdentity(b -> b
                .emailIdentity("sender@sdk.dam.test")));

        GetAccountResponse account = client.getAccount(b -> { });
        assertTrue(account.sendingEnabled());
        assertTrue(account.productionAccessEnabled());
    }

    @Test
    void outboxPagesAreServedOnTheEdgeWithoutScripts() throws Exception {
        String id = client.sendEmail(b -> b.fromEmailAddress("noreply@dam.test")
                .destination(d -> d.toAddresses("sdk-xss@example.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("<script>alert(1)</script>"))
                        .body(body -> body.text(t -> t.data("x")))))).messageId();
        for (String path : List.of("/_dam/outbox", "/_dam/outbox/" + id)) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertFalse(r.body().contains("<script>"), r.body());
            assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), r.body());
        }
        assertEquals(404, get("/_dam/outbox/does-not-exist").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edge.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
