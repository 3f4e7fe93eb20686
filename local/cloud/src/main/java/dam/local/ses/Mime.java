package dam.local.ses;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough MIME (RFC 2045–2047) for the outbox: renders Simple content as an .eml a mail client opens, and reads
 * Raw content back into subject, addresses, text and HTML parts.
 */
final class Mime {

    private static final String CRLF = "\r\n";
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)[ \\t]+(=\\?)");
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");

    private Mime() {
    }

    /** A part of the message body with its charset. */
    record Part(String data, Charset charset) {
    }

    /** An attachment to render: bytes and metadata. */
    record AttachmentPart(String fileName, String contentType, String disposition, String contentId, byte[] bytes) {
    }

    /** A header to add as given (already validated). */
    record Header(String name, String value) {
    }

    // ---- writing ----------------------------------------------------------------------------------------------------

    /** Renders a message as RFC 5322 bytes. Bcc is not written, as SES does not put it in the headers. */
    static byte[] render(OutboxMessage m, Charset subjectCharset, Part text, Part html, List<Header> extraHeaders,
                         List<AttachmentPart> attachments) {
        StringBuilder h = new StringBuilder();
        header(h, "From", addressHeader(List.of(m.from())));
        if (!m.to().isEmpty()) {
            header(h, "To", addressHeader(m.to()));
        }
        if (!m.cc().isEmpty()) {
            header(h, "Cc", addressHeader(m.cc()));
        }
        if (!m.replyTo().isEmpty()) {
            header(h, "Reply-To", addressHeader(m.replyTo()));
        }
        header(h, "Subject", encodeHeaderText(m.subject(), subjectCharset));
        header(h, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(m.time().atOffset(ZoneOffset.UTC)));
        header(h, "Message-ID", "<" + m.id() + "@email.local.dam>");
        header(h, "MIME-Version", "1.0");
        for (Header x : extraHeaders) {
            header(h, x.name(), x.value());
        }
        String body = attachments.isEmpty() ? alternative(h, text, html)
                : mixed(h, text, html, attachments);
        return (h + CRLF + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes the Content-Type of the top part into {@code h} and returns the body (ISO-8859-1 mapped bytes). */
    private static String alternative(StringBuilder h, Part text, Part html) {
        if (text != null && html != null) {
            String boundary = boundary();
            header(h, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
            return "--" + boundary + CRLF + leaf("text/plain", text) + CRLF
                    + "--" + boundary + CRLF + leaf("text/html", html) + CRLF
                    + "--" + boundary + "--" + CRLF;
        }
        Part only = text != null ? text : html;
        String type = text != null ? "text/plain" : "text/html";
        header(h, "Content-Type", type + "; charset=" + only.charset().name());
        header(h, "Content-Transfer-Encoding", "quoted-printable");
        // No CRLF appended: it would become part of the text (the CRLF before a delimiter belongs to it).
        return quotedPrintable(only.data().getBytes(only.charset()));
    }

    private static String mixed(StringBuilder h, Part text, Part html, List<AttachmentPart> attachments) {
        String boundary = boundary();
        header(h, "Content-Type", "multipart/mixed; boundary=\"" + boundary + "\"");
        StringBuilder inner = new StringBuilder();
        String innerBody = alternative(inner, text, html);
        StringBuilder b = new StringBuilder();
        b.append("--").append(boundary).append(CRLF).append(inner).append(CRLF).append(innerBody).append(CRLF);
        for (AttachmentPart a : attachments) {
            b.append("--").append(boundary).append(CRLF);
            String name = encodeHeaderText(a.fileName(), StandardCharsets.UTF_8).replace("\"", "");
            header(b, "Content-Type", a.contentType() + "; name=\"" + name + "\"");
            header(b, "Content-Disposition", a.disposition() + "; filename=\"" + name + "\"");
            if (a.contentId() != null) {
                header(b, "Content-ID", "<" + a.contentId() + ">");
            }
            header(b, "Content-Transfer-Encoding", "base64");
            b.append(CRLF).append(Base64.getMimeEncoder().encodeToString(a.bytes())).append(CRLF);
        }
        b.append("--").append(boundary).append("--").append(CRLF);
        return b.toString();
    }

    private static String leaf(String type, Part part) {
        return "Content-Type: " + type + "; charset=" + part.charset().name() + CRLF
                + "Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF
                + quotedPrintable(part.data().getBytes(part.charset()));
    }

    private static String boundary() {
        return "=_dam_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void header(StringBuilder h, String name, String value) {
        h.append(name).append(": ").append(value).append(CRLF);
    }

    static boolean isHeaderName(String name) {
        return name != null && HEADER_NAME.matcher(name).matches();
    }

    /** Addresses joined for a header; non-ASCII display names as encoded words. */
    static String addressHeader(List<String> addresses) {
        List<String> out = new ArrayList<>();
        for (String a : addresses) {
            String name = Addresses.displayName(a);
            if (name == null || isPlainAscii(name)) {
                out.add(a.trim());
            } else {
                out.add(encodeHeaderText(name, StandardCharsets.UTF_8) + " <" + Addresses.bare(a) + ">");
            }
        }
        return String.join("," + CRLF + " ", out);
    }

    /** Header text as is when it is short printable ASCII; otherwise as folded RFC 2047 B-encoded words. */
    static String encodeHeaderText(String text, Charset charset) {
        if (isPlainAscii(text) && text.length() <= 900) {
            return text;
        }
        // Each encoded word ≤ 75 chars: "=?" + charset + "?B?" + base64 + "?=", base64 of ≤ chunk bytes.
        int maxBytes = Math.max(3, (75 - 7 - charset.name().length()) / 4 * 3);
        List<String> words = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        text.codePoints().forEach(cp -> {
            byte[] bytes = new String(Character.toChars(cp)).getBytes(charset);
            if (chunk.size() + bytes.length > maxBytes && chunk.size() > 0) {
                words.add(encodedWord(chunk.toByteArray(), charset));
                chunk.reset();
            }
            chunk.writeBytes(bytes);
        });
        if (chunk.size() > 0 || words.isEmpty()) {
            words.add(encodedWord(chunk.toByteArray(), charset));
        }
        return String.join(CRLF + " ", words);
    }

    private static String encodedWord(byte[] bytes, Charset charset) {
        return "=?" + charset.name() + "?B?" + Base64.getEncoder().encodeToString(bytes) + "?=";
    }

    private static boolean isPlainAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** RFC 2045 quoted-printable with CRLF hard breaks and soft breaks before column 76. */
    static String quotedPrintable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                continue;
            }
            if (b == '\n') {
                out.append(CRLF);
                column = 0;
                continue;
            }
            boolean lineEnd = i + 1 == bytes.length || bytes[i + 1] == '\n' || bytes[i + 1] == '\r';
            String token = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnd)
                    ? String.valueOf((char) b) : String.format("=%02X", b);
            if (column + token.length() > 75) {
                out.append('=').append(CRLF);
                column = 0;
            }
            out.append(token);
            column += token.length();
        }
        return out.toString();
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    /** What the outbox needs from a raw message. */
    record Parsed(Map<String, List<String>> headers, String text, String html,
                  List<OutboxMessage.Attachment> attachments) {

        String first(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> addresses(String name) {
            List<String> out = new ArrayList<>();
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            if (v != null) {
                v.forEach(value -> out.addAll(Addresses.splitList(value)));
            }
            return out;
        }
    }

    /** Parses a raw message; headers are unfolded and their encoded words decoded. */
    static Parsed parse(byte[] raw) {
        // ISO-8859-1 maps bytes 1:1 to chars, so splitting here never corrupts a part's bytes.
        String message = new String(raw, StandardCharsets.ISO_8859_1);
        Entity root = entity(message);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        root.headers.forEach((k, v) -> headers.put(k, v.stream().map(Mime::decodeHeader).toList()));
        Collected c = new Collected();
        collect(root, c, 0);
        return new Parsed(headers, c.text, c.html, c.attachments);
    }

    private record Entity(Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private static final class Collected {
        String text;
        String html;
        final List<OutboxMessage.Attachment> attachments = new ArrayList<>();
    }

    private static Entity entity(String s) {
        int split = s.indexOf("\r\n\r\n");
        int skip = 4;
        int lf = s.indexOf("\n\n");
        if (split < 0 || (lf >= 0 && lf < split)) {
            split = lf;
            skip = 2;
        }
        String head = split < 0 ? s : s.substring(0, split);
        String body = split < 0 ? "" : s.substring(split + skip);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : head.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value.toString().trim());
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value.toString().trim());
        }
        return new Entity(headers, body);
    }

    private static void collect(Entity e, Collected c, int depth) {
        Map<String, String> type = parameters(e.header("content-type"), "text/plain");
        String mediaType = type.get("");
        if (mediaType.startsWith("multipart/") && type.containsKey("boundary") && depth < 16) {
            for (String part : splitMultipart(e.body, type.get("boundary"))) {
                collect(entity(part), c, depth + 1);
            }
            return;
        }
        byte[] bytes = decodeBody(e.body, e.header("content-transfer-encoding"));
        Map<String, String> disposition = parameters(e.header("content-disposition"), "inline");
        String fileName = disposition.getOrDefault("filename", type.get("name"));
        boolean attachment = disposition.get("").equals("attachment") || fileName != null;
        if (!attachment && mediaType.equals("text/plain") && c.text == null) {
            c.text = new String(bytes, charset(type.get("charset")));
        } else if (!attachment && mediaType.equals("text/html") && c.html == null) {
            c.html = new String(bytes, charset(type.get("charset")));
        } else {
            c.attachments.add(new OutboxMessage.Attachment(fileName == null ? null : decodeHeader(fileName),
                    mediaType, bytes.length));
        }
    }

    private static List<String> splitMultipart(String body, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        StringBuilder current = null;
        for (String line : body.split("\r?\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.equals(delimiter + "--")) {
                break;
            }
            if (trimmed.equals(delimiter)) {
                if (current != null) {
                    parts.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append("\r\n");
            }
        }
        if (current != null) {
            parts.add(current.toString());
        }
        // The CRLF before a delimiter belongs to the delimiter, not to the part.
        return parts.stream().map(p -> p.endsWith("\r\n") ? p.substring(0, p.length() - 2) : p).toList();
    }

    /** Media type (key "") in lower case, then parameters with lower-case names and unquoted values. */
    private static Map<String, String> parameters(String header, String fallback) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            out.put("", fallback);
            return out;
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : header.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == ';' && !quoted) {
                pieces.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        pieces.add(cur.toString());
        out.put("", pieces.get(0).trim().toLowerCase(Locale.ROOT));
        for (String p : pieces.subList(1, pieces.size())) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                out.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
            }
        }
        return out;
    }

    private static byte[] decodeBody(String body, String encoding) {
        String enc = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
        return switch (enc) {
            case "base64" -> {
                try {
                    yield Base64.getMimeDecoder().decode(body.trim());
                } catch (IllegalArgumentException e) {
                    throw SesErrors.badRequest("Raw message has a malformed base64 part: " + e.getMessage());
                }
            }
            case "quoted-printable" -> decodeQuotedPrintable(body);
            default -> body.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    static byte[] decodeQuotedPrintable(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && i + 1 < s.length() && (s.charAt(i + 1) == '\r' || s.charAt(i + 1) == '\n')) {
                i += s.charAt(i + 1) == '\r' && i + 2 < s.length() && s.charAt(i + 2) == '\n' ? 2 : 1;
            } else if (c == '=' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Decodes RFC 2047 encoded words; raw 8-bit header bytes are read as UTF-8. */
    static String decodeHeader(String value) {
        String utf8 = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        String joined = BETWEEN_WORDS.matcher(utf8).replaceAll("$1$2");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Charset cs = charset(m.group(1));
            byte[] bytes;
            try {
                bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(m.group(3))
                        : decodeQuotedPrintable(m.group(3).replace('_', ' '));
            } catch (IllegalArgumentException e) {
                throw SesErrors.badRequest("Raw message has a malformed encoded word: " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, cs)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Charset charset(String name) {
        if (name == null) {
            // RFC 2045 says US-ASCII; UTF-8 reads the same bytes identically and is what unlabelled 8-bit mail is.
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw SesErrors.badRequest("Raw message uses an unknown charset: " + name);
        }
    }
}
