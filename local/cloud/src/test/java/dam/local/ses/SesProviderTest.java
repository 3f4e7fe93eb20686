package dam.local.ses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider in-process: requests as the edge hands them over, the outbox on disk, the pages. */
class SesProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-05-04T09:30:00Z");

    @TempDir
    Path dir;
    private LocalClock clock;
    private SesProvider ses;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(T0);
        ses = new SesProvider(clock, dir);
    }

    @AfterEach
    void stop() {
        clock.close();
    }

    // ---- SendEmail: Simple ------------------------------------------------------------------------------------------

    @Test
    void simpleMailWithTextAndHtmlLandsInTheOutboxAsJsonAndEml() throws Exception {
        String id = send(simple("Review needed: Spring “launch” — ünïcødé", "Open https://x.test/review/abc.",
                "<p>Open <a href=\"https://x.test/review/abc\">the review</a></p>",
                "Ana <ana@example.com>", "bob@example.org"));

        List<OutboxMessage> all = ses.messages();
        assertEquals(1, all.size());
        OutboxMessage m = all.get(0);
        assertEquals(id, m.id());
        assertEquals("noreply@dam.test", m.from());
        assertEquals(List.of("Ana <ana@example.com>", "bob@example.org"), m.to());
        assertEquals("Review needed: Spring “launch” — ünïcødé", m.subject());
        assertEquals("Open https://x.test/review/abc.", m.text());
        assertTrue(m.html().contains("the review"));
        assertEquals(T0, m.time());
        assertEquals(List.of("https://x.test/review/abc"), m.links(), "punctuation after a link is not part of it");
        assertTrue(m.isFor("ANA@example.com"));
        assertFalse(m.isFor("carol@example.com"));

        Path json = single("*.json");
        Path eml = single("*.eml");
        assertEquals(json.getFileName().toString().replace(".json", ".eml"), eml.getFileName().toString());
        assertTrue(json.getFileName().toString().startsWith("20260504T093000.000Z-" + id));
        JsonNode stored = JSON.readTree(json.toFile());
        assertEquals("Open https://x.test/review/abc.", stored.get("text").asText());
        assertEquals("2026-05-04T09:30:00Z", stored.get("time").asText());

        String mime = Files.readString(eml, StandardCharsets.ISO_8859_1);
        assertTrue(mime.contains("multipart/alternative"), mime);
        assertTrue(mime.contains("\r\nSubject: =?UTF-8?B?"), "non-ASCII subject as an encoded word");
        assertFalse(mime.contains("Bcc:"));
        Mime.Parsed back = Mime.parse(Files.readAllBytes(eml));
        assertEquals(m.subject(), back.first("subject"));
        assertEquals(m.text(), back.text());
        assertEquals(m.html(), back.html());
        assertEquals(List.of("Ana <ana@example.com>", "bob@example.org"), back.addresses("to"));
    }

    @Test
    void textOnlyAndHtmlOnlyMailsAreSinglePartMessages() throws Exception {
        ObjectNode textOnly = simple("Text only", "just text", null, "a@example.com");
        ObjectNode htmlOnly = simple("HTML only", null, "<b>bold</b>", "a@example.com");
        send(textOnly);
        send(htmlOnly);
        List<OutboxMessage> all = ses.messages();
        assertNull(all.get(0).html());
        assertNull(all.get(1).text());
        for (OutboxMessage m : all) {
            String mime = new String(emlOf(m), StandardCharsets.ISO_8859_1);
            assertFalse(mime.contains("multipart/"), mime);
        }
        assertEquals("<b>bold</b>", Mime.parse(emlOf(all.get(1))).html());
    }

    @Test
    void ccBccReplyToConfigurationSetTagsAndCustomHeadersAreRecorded() throws Exception {
        ObjectNode req = simple("All fields", "body", null, "to@example.com");
        ObjectNode d = (ObjectNode) req.get("Destination");
        d.putArray("CcAddresses").add("cc@example.com");
        d.putArray("BccAddresses").add("hidden@example.com");
        req.putArray("ReplyToAddresses").add("reply@example.com");
        req.put("ConfigurationSetName", "dam-mail");
        req.putArray("EmailTags").addObject().put("Name", "kind").put("Value", "review-request");
        ((ObjectNode) req.at("/Content/Simple")).putArray("Headers").addObject().put("Name", "X-Dam-Round")
                .put("Value", "2");
        send(req);

        OutboxMessage m = ses.messages().get(0);
        assertEquals(List.of("cc@example.com"), m.cc());
        assertEquals(List.of("hidden@example.com"), m.bcc());
        assertEquals(List.of("reply@example.com"), m.replyTo());
        assertEquals("dam-mail", m.configurationSet());
        assertEquals(Map.of("kind", "review-request"), m.tags());
        assertEquals(1, ses.messagesTo("hidden@example.com").size(), "Bcc recipients find their mail");
        String mime = new String(emlOf(m), StandardCharsets.ISO_8859_1);
        assertTrue(mime.contains("\r\nX-Dam-Round: 2\r\n"), mime);
        assertTrue(mime.contains("\r\nCc: cc@example.com\r\n"), mime);
        assertFalse(mime.contains("hidden@example.com"), "Bcc never appears in the headers");
    }

    @Test
    void attachmentsAreRenderedIntoTheEmlAndListed() throws Exception {
        ObjectNode req = simple("With file", "see attached", "<p>see attached</p>", "a@example.com");
        byte[] pdf = "%PDF-1.7 fake".getBytes(StandardCharsets.US_ASCII);
        ((ObjectNode) req.at("/Content/Simple")).putArray("Attachments").addObject().put("FileName", "brief.pdf")
                .put("ContentType", "application/pdf").put("RawContent", Base64.getEncoder().encodeToString(pdf));
        send(req);
        OutboxMessage m = ses.messages().get(0);
        assertEquals(List.of(new OutboxMessage.Attachment("brief.pdf", "application/pdf", pdf.length)),
                m.attachments());
        Mime.Parsed back = Mime.parse(emlOf(m));
        assertEquals("see attached", back.text());
        assertEquals("<p>see attached</p>", back.html());
        assertEquals(m.attachments(), back.attachments());
    }

    @Test
    void declaredCharsetIsUsedForTheMimeParts() throws Exception {
        ObjectNode req = simple("Grüße", "Schöne Grüße", null, "a@example.com");
        ((ObjectNode) req.at("/Content/Simple/Subject")).put("Charset", "ISO-8859-1");
        ((ObjectNode) req.at("/Content/Simple/Body/Text")).put("Charset", "ISO-8859-1");
        send(req);
        OutboxMessage m = ses.messages().get(0);
        String mime = new String(emlOf(m), StandardCharsets.ISO_8859_1);
        assertTrue(mime.contains("charset=ISO-8859-1"), mime);
        assertTrue(mime.contains("Sch=F6ne Gr=FC=DFe"), "ISO-8859-1 bytes, quoted-printable: " + mime);
        assertEquals("Schöne Grüße", Mime.parse(emlOf(m)).text());
        assertEquals("Grüße", Mime.parse(emlOf(m)).first("subject"));
    }

    // ---- SendEmail: Raw ---------------------------------------------------------------------------------------------

    @Test
    void rawMimeIsStoredByteForByteAndParsedForTheOutbox() throws Exception {
        String mime = String.join("\r\n",
                "From: \"Brand Team\" <brand@example.com>",
                "To: Rev One <rev1@example.com>, rev2@example.com",
                "Cc: legal@example.com",
                "Subject: =?UTF-8?Q?R=C3=A9vision?= =?UTF-8?B?IOKAkyB2Mg==?=",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"outer\"",
                "",
                "--outer",
                "Content-Type: multipart/alternative; boundary=inner",
                "",
                "--inner",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Caf=C3=A9 approved? https://x.test/review/n1 =",
                "(soft break)",
                "--inner",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getMimeEncoder().encodeToString("<p>Café</p>".getBytes(StandardCharsets.UTF_8)),
                "--inner--",
                "--outer",
                "Content-Type: image/png",
                "Content-Disposition: attachment; filename=\"a.png\"",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, 4}),
                "--outer--",
                "");
        byte[] bytes = mime.getBytes(StandardCharsets.UTF_8);
        ObjectNode req = JSON.createObjectNode();
        req.putObject("Content").putObject("Raw").put("Data", Base64.getEncoder().encodeToString(bytes));
        send(req);

        OutboxMessage m = ses.messages().get(0);
        assertTrue(m.raw());
        assertEquals("\"Brand Team\" <brand@example.com>", m.from());
        assertEquals(List.of("Rev One <rev1@example.com>", "rev2@example.com"), m.to());
        assertEquals(List.of("legal@example.com"), m.cc());
        assertEquals("Révision – v2", m.subject());
        assertEquals("Café approved? https://x.test/review/n1 (soft break)", m.text().trim());
        assertEquals("<p>Café</p>", m.html());
        assertEquals(List.of(new OutboxMessage.Attachment("a.png", "image/png", 4)), m.attachments());
        assertArrayEquals(bytes, emlOf(m));
    }

    @Test
    void rawDestinationOverridesTheHeaders() throws Exception {
        String mime = "From: a@example.com\r\nTo: header@example.com\r\nSubject: hi\r\n\r\nplain body\r\n";
        ObjectNode req = JSON.createObjectNode();
        req.putObject("Destination").putArray("ToAddresses").add("envelope@example.com");
        req.putObject("Content").putObject("Raw").put("Data",
                Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.US_ASCII)));
        send(req);
        OutboxMessage m = ses.messages().get(0);
        assertEquals(List.of("envelope@example.com"), m.to());
        assertEquals("plain body\r\n", m.text());
    }

    // ---- validation: 400 and nothing written ------------------------------------------------------------------------

    @Test
    void invalidRequestsAreRefusedWithBadRequestAndWriteNothing() throws Exception {
        List<Consumer<ObjectNode>> breakages = List.of(
                r -> r.remove("FromEmailAddress"),
                r -> r.put("FromEmailAddress", ""),
                r -> r.remove("Destination"),
                r -> r.putObject("Destination").putArray("ToAddresses"),
                r -> ((ObjectNode) r.at("/Content/Simple")).remove("Subject"),
                r -> ((ObjectNode) r.at("/Content/Simple")).remove("Body"),
                r -> ((ObjectNode) r.at("/Content/Simple")).putObject("Body"),
                r -> r.remove("Content"),
                r -> r.putObject("Content").putObject("Template").put("TemplateName", "t"),
                r -> recipients(r, 51),
                r -> to(r, "not-an-address"),
                r -> to(r, "a@"),
                r -> to(r, "@example.com"),
                r -> to(r, "two words@example.com"),
                r -> to(r, "a@b@example.com"),
                r -> to(r, "a@-bad-.com"),
                r -> to(r, "victim@example.com\r\nBcc: all@example.com"),
                r -> r.put("FromEmailAddress", "Name <broken>"),
                r -> ((ObjectNode) r.at("/Content/Simple/Subject")).put("Charset", "NO-SUCH-CHARSET"),
                r -> ((ObjectNode) r.at("/Content/Simple/Body/Text")).put("Charset", "US-ASCII")
                        .put("Data", "naïve"),
                r -> ((ObjectNode) r.at("/Content/Simple")).putArray("Headers").addObject().put("Name", "X-A")
                        .put("Value", "1\r\nBcc: x@example.com"),
                r -> r.putArray("EmailTags").addObject().put("Name", "bad tag").put("Value", "v"),
                r -> r.putArray("ReplyToAddresses").add("nope"));
        for (int i = 0; i < breakages.size(); i++) {
            ObjectNode req = simple("subject", "text", null, "ok@example.com");
            breakages.get(i).accept(req);
            AwsException e = assertThrows(AwsException.class, () -> send(req), "case " + i + ": " + req);
            assertEquals(400, e.status(), "case " + i);
            assertEquals("BadRequestException", e.code(), "case " + i + ": " + e.getMessage());
        }
        assertEquals(List.of(), ses.messages());
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void messagesCarryTheReasonForTheRefusal() {
        ObjectNode req = simple("s", "t", null, "ok@example.com");
        recipients(req, 51);
        AwsException e = assertThrows(AwsException.class, () -> send(req));
        assertTrue(e.getMessage().contains("Recipient count exceeds 50"), e.getMessage());
        ObjectNode noFrom = simple("s", "t", null, "ok@example.com");
        noFrom.remove("FromEmailAddress");
        assertTrue(assertThrows(AwsException.class, () -> send(noFrom)).getMessage().contains("FromEmailAddress"));
    }

    @Test
    void malformedJsonAndWrongTypesAreSerializationErrors() {
        AwsException e = assertThrows(AwsException.class, () -> ses.handle(request("POST",
                "/v2/email/outbound-emails", "{not json")));
        assertEquals("SerializationException", e.code());
        ObjectNode req = simple("s", "t", null, "ok@example.com");
        req.put("Destination", "ok@example.com");
        assertEquals("SerializationException", assertThrows(AwsException.class, () -> send(req)).code());
        ObjectNode raw = JSON.createObjectNode();
        raw.putObject("Content").putObject("Raw").put("Data", "!!not base64!!");
        assertEquals(400, assertThrows(AwsException.class, () -> send(raw)).status());
        assertEquals(List.of(), ses.messages());
    }

    @Test
    void rawWithoutFromOrRecipientsIsRefused() {
        for (String mime : List.of("To: a@example.com\r\nSubject: x\r\n\r\nbody", "From: a@example.com\r\n\r\nbody")) {
            ObjectNode req = JSON.createObjectNode();
            req.putObject("Content").putObject("Raw").put("Data",
                    Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.US_ASCII)));
            assertEquals("BadRequestException", assertThrows(AwsException.class, () -> send(req)).code());
        }
        assertEquals(List.of(), ses.messages());
    }

    @Test
    void unknownRoutesAreNotImplemented() {
        AwsException e = assertThrows(AwsException.class, () -> ses.handle(request("GET",
                "/v2/email/templates", "")));
        assertEquals(501, e.status());
    }

    // ---- durability -------------------------------------------------------------------------------------------------

    @Test
    void outboxSurvivesARestartInOrderAndNewMessagesFollow() throws Exception {
        String first = send(simple("first", "1", null, "a@example.com"));
        String second = send(simple("second", "2", "<i>2</i>", "a@example.com"));

        SesProvider restarted = new SesProvider(clock, dir);
        assertEquals(List.of(first, second), restarted.messages().stream().map(OutboxMessage::id).toList());
        OutboxMessage m = restarted.messagesTo("a@example.com").get(1);
        assertEquals("second", m.subject());
        assertEquals("<i>2</i>", m.html());
        assertEquals(T0, m.time());

        // Same (frozen) clock time: send order still decides, across the restart.
        ObjectNode third = simple("third", "3", null, "a@example.com");
        String thirdId = id(restarted.handle(request("POST", "/v2/email/outbound-emails", third.toString())));
        assertEquals(List.of(first, second, thirdId), restarted.messages().stream().map(OutboxMessage::id).toList());
        String page = body(restarted.outboxPage("/_dam/outbox", null));
        assertTrue(page.indexOf("third") < page.indexOf("second") && page.indexOf("second") < page.indexOf("first"),
                "newest first");
    }

    @Test
    void incompleteWritesFromACrashAreDiscardedAndUnreadableFilesDoNotHideTheRest() throws Exception {
        String kept = send(simple("kept", "1", null, "a@example.com"));
        Path outbox = dir.resolve("outbox");
        Files.writeString(outbox.resolve("20260504T093000.000Z-crashed.json.tmp"), "{\"id\":");
        Files.writeString(outbox.resolve("20260504T093000.000Z-orphan.eml"), "Subject: never committed\r\n\r\n");
        Files.writeString(outbox.resolve("20260504T093000.000Z-broken.json"), "{ broken");

        SesProvider restarted = new SesProvider(clock, dir);
        assertEquals(List.of(kept), restarted.messages().stream().map(OutboxMessage::id).toList());
        assertFalse(Files.exists(outbox.resolve("20260504T093000.000Z-crashed.json.tmp")));
        assertFalse(Files.exists(outbox.resolve("20260504T093000.000Z-orphan.eml")));
        assertTrue(Files.exists(outbox.resolve("20260504T093000.000Z-broken.json")), "left for a human");
    }

    @Test
    void concurrentSendsEachGetExactlyOneMessage() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i++) {
                    String to = "user" + t + "@example.com";
                    String subject = "m" + t + "-" + i;
                    ids.add(pool.submit(() -> send(simple(subject, "x", null, to))));
                }
            }
            Set<String> unique = new HashSet<>();
            for (Future<String> f : ids) {
                unique.add(f.get());
            }
            assertEquals(threads * each, unique.size());
        } finally {
            pool.shutdownNow();
        }
        List<OutboxMessage> all = ses.messages();
        assertEquals(threads * each, all.size());
        assertEquals(threads * each, all.stream().map(OutboxMessage::seq).distinct().count());
        assertEquals(each, ses.messagesTo("user3@example.com").size());
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            assertEquals(2L * threads * each, files.count());
        }
        assertEquals(threads * each, new SesProvider(clock, dir).messages().size());
    }

    // ---- identities and account -------------------------------------------------------------------------------------

    @Test
    void identitiesAreVerifiedPagedAndDurable() throws Exception {
        JsonNode created = json(ses.handle(request("POST", "/v2/email/identities",
                "{\"EmailIdentity\":\"noreply@dam.test\"}")));
        assertEquals("EMAIL_ADDRESS", created.get("IdentityType").asText());
        assertTrue(created.get("VerifiedForSendingStatus").asBoolean());
        ses.handle(request("POST", "/v2/email/identities", "{\"EmailIdentity\":\"dam.test\"}"));
        ses.handle(request("POST", "/v2/email/identities", "{\"EmailIdentity\":\"b@dam.test\"}"));
        AwsException dup = assertThrows(AwsException.class, () -> ses.handle(request("POST", "/v2/email/identities",
                "{\"EmailIdentity\":\"dam.test\"}")));
        assertEquals("AlreadyExistsException", dup.code());
        assertEquals("BadRequestException", assertThrows(AwsException.class, () -> ses.handle(request("POST",
                "/v2/email/identities", "{\"EmailIdentity\":\"not valid\"}"))).code());

        JsonNode got = json(ses.handle(request("GET", "/v2/email/identities/dam.test", "")));
        assertEquals("DOMAIN", got.get("IdentityType").asText());
        assertEquals("SUCCESS", got.get("VerificationStatus").asText());
        assertEquals(404, assertThrows(AwsException.class, () -> ses.handle(request("GET",
                "/v2/email/identities/nobody%40dam.test", ""))).status());

        List<String> names = new ArrayList<>();
        String token = null;
        do {
            ObjectNode req = JSON.createObjectNode().put("PageSize", 2);
            if (token != null) {
                req.put("NextToken", token);
            }
            JsonNode page = json(ses.handle(request("POST", "/v2/email/list-identities", req.toString())));
            assertTrue(page.get("EmailIdentities").size() <= 2);
            page.get("EmailIdentities").forEach(i -> names.add(i.get("IdentityName").asText()));
            token = page.path("NextToken").asText(null);
        } while (token != null);
        assertEquals(List.of("b@dam.test", "dam.test", "noreply@dam.test"), names);

        ses.handle(request("DELETE", "/v2/email/identities/b%40dam.test", ""));
        SesProvider restarted = new SesProvider(clock, dir);
        JsonNode all = json(restarted.handle(request("GET", "/v2/email/identities", "")));
        assertEquals(2, all.get("EmailIdentities").size());
        assertFalse(restarted.createIdentity("dam.test"), "already there after the restart");
    }

    @Test
    void accountIsSendingEnabledAndCountsTheLastDay() throws Exception {
        send(simple("a", "x", null, "a@example.com", "b@example.com"));
        JsonNode account = json(ses.handle(request("GET", "/v2/email/account", "")));
        assertTrue(account.get("SendingEnabled").asBoolean());
        assertTrue(account.get("ProductionAccessEnabled").asBoolean());
        assertEquals(2.0, account.at("/SendQuota/SentLast24Hours").asDouble());
        clock.advance(Duration.ofHours(25));
        assertEquals(0.0, json(ses.handle(request("GET", "/v2/email/account", "")))
                .at("/SendQuota/SentLast24Hours").asDouble());
    }

    // ---- /_aws/ses and /_dam/outbox ---------------------------------------------------------------------------------

    @Test
    void outboxJsonHasLocalStacksShapeAndFilters() throws Exception {
        String one = send(simple("one", "text 1", "<p>1</p>", "x@example.com"));
        ObjectNode fromOther = simple("two", "text 2", null, "y@example.com");
        fromOther.put("FromEmailAddress", "other@dam.test");
        String two = send(fromOther);

        JsonNode all = json(ses.outboxJson(null));
        assertEquals(2, all.get("messages").size());
        JsonNode m = all.get("messages").get(0);
        assertEquals(one, m.get("Id").asText());
        assertEquals("us-east-1", m.get("Region").asText());
        assertEquals("x@example.com", m.at("/Destination/ToAddresses/0").asText());
        assertEquals("noreply@dam.test", m.get("Source").asText());
        assertEquals("one", m.get("Subject").asText());
        assertEquals("text 1", m.at("/Body/text_part").asText());
        assertEquals("<p>1</p>", m.at("/Body/html_part").asText());
        assertEquals("2026-05-04T09:30:00.000Z", m.get("Timestamp").asText());
        assertTrue(all.get("messages").get(1).at("/Body/html_part").isNull());

        assertEquals(List.of(two), ids(ses.outboxJson("email=other%40dam.test")));
        assertEquals(List.of(one), ids(ses.outboxJson("id=" + one)));
        assertEquals(List.of(two), ids(ses.outboxJson("to=Y%40example.com")));
        assertEquals(List.of(), ids(ses.outboxJson("to=nobody%40example.com")));
    }

    @Test
    void outboxJsonTimestampsSortAsStringsInTimeOrder() throws Exception {
        clock.advance(Duration.ofMillis(500));
        send(simple("half", "x", null, "t@example.com"));
        clock.advance(Duration.ofMillis(500));
        send(simple("whole", "x", null, "t@example.com"));
        JsonNode messages = json(ses.outboxJson("to=t%40example.com")).get("messages");
        String first = messages.get(0).get("Timestamp").asText();
        String second = messages.get(1).get("Timestamp").asText();
        assertEquals("2026-05-04T09:30:00.500Z", first);
        assertEquals("2026-05-04T09:30:01.000Z", second);
        assertTrue(first.compareTo(second) < 0);
    }

    @Test
    void subjectAndBodiesAreEscapedOnThePages() throws Exception {
        String xss = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        String id = send(simple(xss, "Hi " + xss + " go https://x.test/a?b=1&c=\"2\" now", "<p onclick=\"x()\">"
                + "hello</p><script>steal()</script>", "\"<b>Evil</b>\" <evil@example.com>"));

        String list = body(ses.outboxPage("/_dam/outbox", null));
        String page = body(ses.outboxPage("/_dam/outbox/" + id, null));
        for (String html : List.of(list, page)) {
            assertFalse(html.contains("<script>"), html);
            assertFalse(html.contains("<img src=x"), html);
            assertFalse(html.contains("<b>Evil</b>"), html);
            assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        }
        // The HTML part only inside the sandboxed frame, as an escaped srcdoc attribute; no scripts allowed there.
        int frame = page.indexOf("<iframe");
        String iframe = page.substring(frame, page.indexOf("</iframe>", frame));
        assertTrue(iframe.contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\""), iframe);
        assertFalse(iframe.contains("allow-scripts") || iframe.contains("allow-same-origin"), iframe);
        assertTrue(iframe.contains("srcdoc=\"&lt;!doctype html&gt;"), iframe);
        assertTrue(iframe.contains("&lt;p onclick=&quot;x()&quot;&gt;hello&lt;/p&gt;&lt;script&gt;steal()"), iframe);
        assertEquals(1, count(page, "<iframe"));
        // The text part's link is clickable, its query escaped in the attribute; a quote ends the URL.
        assertTrue(page.contains("<a href=\"https://x.test/a?b=1&amp;c=\" rel=\"noreferrer\">https://x.test/a?b=1&amp;c="
                + "</a>&quot;2&quot; now"), page);

        AwsResponse r = ses.outboxPage("/_dam/outbox/" + id, null);
        assertTrue(r.headers().get("Content-Security-Policy").contains("default-src 'none'"));
        assertFalse(r.headers().get("Content-Security-Policy").contains("script-src"));
        assertEquals("text/html; charset=utf-8", r.contentType());
    }

    @Test
    void onlyHttpLinksBecomeAnchors() {
        String html = OutboxPages.linkified("javascript:alert(1) data:text/html,x https://ok.test/p.");
        assertEquals("javascript:alert(1) data:text/html,x <a href=\"https://ok.test/p\" rel=\"noreferrer\">"
                + "https://ok.test/p</a>.", html);
    }

    @Test
    void messagePageShowsHeadersAndTheEmlDownloads() throws Exception {
        ObjectNode req = simple("Approve v2", "Approve: https://app.test/review/n0nce", null, "r@example.com");
        ((ObjectNode) req.get("Destination")).putArray("CcAddresses").add("cc@example.com");
        String id = send(req);
        String page = body(ses.outboxPage("/_dam/outbox/" + id, null));
        assertTrue(page.contains("<dt>To</dt><dd>r@example.com</dd>"), page);
        assertTrue(page.contains("<dt>Cc</dt><dd>cc@example.com</dd>"), page);
        assertTrue(page.contains("<a href=\"https://app.test/review/n0nce\""), page);
        assertFalse(page.contains("<iframe"), "no HTML part, no frame");

        AwsResponse eml = ses.outboxPage("/_dam/outbox/" + id + ".eml", null);
        assertEquals(200, eml.status());
        assertEquals("message/rfc822", eml.contentType());
        assertArrayEquals(emlOf(ses.messages().get(0)), eml.body());

        assertEquals(404, ses.outboxPage("/_dam/outbox/<nope>", null).status());
        assertTrue(body(ses.outboxPage("/_dam/outbox/<nope>", null)).contains("&lt;nope&gt;"));
        assertEquals(404, ses.outboxPage("/_dam/outbox/nope.eml", null).status());
    }

    @Test
    void listCanBeNarrowedToARecipient() throws Exception {
        send(simple("for alice", "x", null, "alice@example.com"));
        send(simple("for bob", "x", null, "bob@example.com"));
        String page = body(ses.outboxPage("/_dam/outbox", "to=alice%40example.com"));
        assertTrue(page.contains("for alice"));
        assertFalse(page.contains("for bob"));
        assertTrue(page.contains("1 message to alice@example.com"), page);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static ObjectNode simple(String subject, String text, String html, String... to) {
        ObjectNode r = JSON.createObjectNode();
        r.put("FromEmailAddress", "noreply@dam.test");
        ArrayNode addresses = r.putObject("Destination").putArray("ToAddresses");
        for (String a : to) {
            addresses.add(a);
        }
        ObjectNode simple = r.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", subject).put("Charset", "UTF-8");
        ObjectNode body = simple.putObject("Body");
        if (text != null) {
            body.putObject("Text").put("Data", text);
        }
        if (html != null) {
            body.putObject("Html").put("Data", html).put("Charset", "UTF-8");
        }
        return r;
    }

    private static void to(ObjectNode r, String address) {
        ((ArrayNode) r.at("/Destination/ToAddresses")).add(address);
    }

    private static void recipients(ObjectNode r, int n) {
        ArrayNode to = (ArrayNode) r.at("/Destination/ToAddresses");
        to.removeAll();
        for (int i = 0; i < n; i++) {
            to.add("r" + i + "@example.com");
        }
    }

    private String send(ObjectNode body) throws Exception {
        return id(ses.handle(request("POST", "/v2/email/outbound-emails", body.toString())));
    }

    private static String id(AwsResponse r) throws IOException {
        assertEquals(200, r.status());
        return json(r).get("MessageId").asText();
    }

    private byte[] emlOf(OutboxMessage m) {
        return ses.outboxPage("/_dam/outbox/" + m.id() + ".eml", null).body();
    }

    private Path single(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.newDirectoryStream(dir.resolve("outbox"), glob)) {
            s.forEach(found::add);
        }
        assertEquals(1, found.size(), glob + ": " + found);
        return found.get(0);
    }

    static AwsRequest request(String method, String path, String body) {
        int q = path.indexOf('?');
        return new AwsRequest(method, q < 0 ? path : path.substring(0, q), q < 0 ? null : path.substring(q + 1),
                Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), "ses",
                "us-east-1", null);
    }

    private static JsonNode json(AwsResponse r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String body(AwsResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static List<String> ids(AwsResponse r) throws IOException {
        List<String> ids = new ArrayList<>();
        json(r).get("messages").forEach(m -> ids.add(m.get("Id").asText()));
        return ids;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
