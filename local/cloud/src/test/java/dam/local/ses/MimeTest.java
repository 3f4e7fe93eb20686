package dam.local.ses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeTest {

    @Test
    void quotedPrintableKeepsLinesShortAndRoundTrips() {
        String text = "Zeile mit Ümlaut = gleich, trailing space \n" + "x".repeat(200) + "\n\ttab\t\nend";
        String qp = Mime.quotedPrintable(text.getBytes(StandardCharsets.UTF_8));
        for (String line : qp.split("\r\n")) {
            assertTrue(line.length() <= 76, line);
            assertFalse(line.endsWith(" ") || line.endsWith("\t"), "no trailing whitespace: [" + line + "]");
        }
        assertTrue(qp.contains("=C3=9C") && qp.contains("=3D"), qp);
        String back = new String(Mime.decodeQuotedPrintable(qp), StandardCharsets.UTF_8);
        assertEquals(text.replace("\n", "\r\n"), back);
    }

    @Test
    void longNonAsciiSubjectsBecomeFoldedEncodedWordsThatDecodeBack() {
        String subject = "Freigabe für „Frühjahr 2026“ – Kampagne 🌷 ".repeat(6);
        String header = Mime.encodeHeaderText(subject, StandardCharsets.UTF_8);
        for (String line : header.split("\r\n")) {
            assertTrue(line.strip().length() <= 75, line);
            assertTrue(line.strip().startsWith("=?UTF-8?B?"), line);
        }
        assertEquals(subject, Mime.decodeHeader(header.replace("\r\n", "")));
        assertEquals("plain ascii", Mime.encodeHeaderText("plain ascii", StandardCharsets.UTF_8));
        assertTrue(Mime.encodeHeaderText("line\r\nBcc: x@y.z", StandardCharsets.UTF_8).startsWith("=?UTF-8?B?"),
                "a newline in a subject can never start a new header");
    }

    @Test
    void renderedMessageParsesBackPartByPart() {
        OutboxMessage m = new OutboxMessage("id-1", 1, Instant.parse("2026-01-02T03:04:05Z"), "us-east-1",
                "Zoë Ünal <zoe@example.com>", List.of("a@example.com"), List.of(), List.of(), List.of(), "Hi", "t",
                "<p>h</p>", null, Map.of(), false, List.of());
        byte[] pdf = {0, 1, 2, (byte) 0xff};
        byte[] eml = Mime.render(m, StandardCharsets.UTF_8, new Mime.Part("tëxt", StandardCharsets.UTF_8),
                new Mime.Part("<p>hé</p>", StandardCharsets.UTF_8), List.of(new Mime.Header("X-A", "b")),
                List.of(new Mime.AttachmentPart("f.bin", "application/octet-stream", "attachment", null, pdf)));
        String s = new String(eml, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains("Date: Fri, 2 Jan 2026 03:04:05 GMT\r\n"), s);
        assertTrue(s.contains("From: =?UTF-8?B?"), "non-ASCII display name encoded: " + s);
        Mime.Parsed p = Mime.parse(eml);
        assertEquals("Zoë Ünal <zoe@example.com>", p.first("from"));
        assertEquals("tëxt", p.text());
        assertEquals("<p>hé</p>", p.html());
        assertEquals(List.of(new OutboxMessage.Attachment("f.bin", "application/octet-stream", 4)), p.attachments());
        assertEquals("b", p.first("x-a"));
    }

    @Test
    void addressesParseDisplayNamesAndQuotedCommas() {
        assertEquals(List.of("\"Doe, Jane\" <jane@example.com>", "bob@example.com"),
                Addresses.splitList("\"Doe, Jane\" <jane@example.com>, bob@example.com"));
        assertEquals("jane@example.com", Addresses.bare("\"Doe, Jane\" <jane@example.com>"));
        assertEquals("Doe, Jane", Addresses.displayName("\"Doe, Jane\" <jane@example.com>"));
        assertTrue(Addresses.isBareAddress("first.last+tag@sub.example.co.uk"));
        assertFalse(Addresses.isBareAddress("first..last@example.com"));
        assertArrayEquals(new byte[]{'a', ' ', 'b'}, Mime.decodeQuotedPrintable("a=20b"));
    }
}
