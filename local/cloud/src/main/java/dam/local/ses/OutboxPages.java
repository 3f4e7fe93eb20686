package dam.local.ses;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The outbox as HTML pages. Everything shown comes from senders (subjects, bodies, addresses), so every value is
 * escaped; the HTML part is shown in a sandboxed {@code srcdoc} iframe (no scripts, no same-origin access; links open
 * in a new tab) and the pages carry a CSP that forbids scripts altogether.
 */
final class OutboxPages {

    /** Scripts nowhere; inline styles and images so HTML mails look as intended; srcdoc frames inherit this. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; "
            + "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d2733}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;\
            border-bottom:1px solid #dde3ea;vertical-align:top}th{background:#f3f6f9}
            pre{white-space:pre-wrap;word-break:break-word;background:#f7f9fb;padding:.8rem;border:1px solid #dde3ea}
            iframe{width:100%;height:32rem;border:1px solid #dde3ea;background:#fff}
            .muted{color:#66727f}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#66727f}
            """;

    private OutboxPages() {
    }

    /** The list, newest first. {@code filter} is the recipient the list is narrowed to, or null. */
    static String list(List<OutboxMessage> newestFirst, String filter) {
        StringBuilder b = page("Outbox");
        b.append("<h1>Outbox</h1><p class=\"muted\">").append(newestFirst.size())
                .append(newestFirst.size() == 1 ? " message" : " messages");
        if (filter != null) {
            b.append(" to ").append(escape(filter)).append(" · <a href=\"/_dam/outbox\">all messages</a>");
        }
        b.append(" · <a href=\"/_aws/ses\">JSON</a></p>\n");
        b.append("<table><thead><tr><th>Time</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>\n");
        for (OutboxMessage m : newestFirst) {
            b.append("<tr><td><time datetime=\"").append(escape(m.time().toString())).append("\">")
                    .append(SHOWN_TIME.format(m.time())).append("</time></td><td>")
                    .append(escape(String.join(", ", m.recipients()))).append("</td><td><a href=\"/_dam/outbox/")
                    .append(escape(m.id())).append("\">").append(escape(subjectOf(m))).append("</a></td><td>")
                    .append(escape(m.from())).append("</td></tr>\n");
        }
        if (newestFirst.isEmpty()) {
            b.append("<tr><td colspan=\"4\" class=\"muted\">No messages yet.</td></tr>\n");
        }
        return b.append("</tbody></table></body></html>\n").toString();
    }

    /** One message: headers, the text part with clickable links, the HTML part sandboxed. */
    static String message(OutboxMessage m) {
        StringBuilder b = page(subjectOf(m));
        b.append("<p><a href=\"/_dam/outbox\">← Outbox</a> · <a href=\"/_dam/outbox/").append(escape(m.id()))
                .append(".eml\">Download .eml</a></p>\n");
        b.append("<h1>").append(escape(subjectOf(m))).append("</h1>\n<dl>");
        field(b, "From", m.from());
        field(b, "To", String.join(", ", m.to()));
        field(b, "Cc", String.join(", ", m.cc()));
        field(b, "Bcc", String.join(", ", m.bcc()));
        field(b, "Reply-To", String.join(", ", m.replyTo()));
        field(b, "Date", SHOWN_TIME.format(m.time()));
        field(b, "Configuration set", m.configurationSet());
        field(b, "Message id", m.id());
        for (OutboxMessage.Attachment a : m.attachments()) {
            field(b, "Attachment", (a.fileName() == null ? "(unnamed)" : a.fileName()) + " (" + a.contentType()
                    + ", " + a.size() + " bytes)");
        }
        b.append("</dl>\n");
        if (m.text() != null) {
            b.append("<h2>Text</h2>\n<pre class=\"text\">").append(linkified(m.text())).append("</pre>\n");
        }
        if (m.html() != null) {
            // <base target=_blank>: a click leaves the sandbox as a new tab instead of navigating the frame.
            String doc = "<!doctype html><meta charset=\"utf-8\"><base target=\"_blank\">" + m.html();
            b.append("<h2>HTML</h2>\n<iframe title=\"HTML part\" sandbox=\"allow-popups ")
                    .append("allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" srcdoc=\"")
                    .append(escape(doc)).append("\"></iframe>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    static String notFound(String id) {
        return page("Not found").append("<h1>No such message</h1><p>The outbox has no message ")
                .append(escape(id)).append(". <a href=\"/_dam/outbox\">Back to the outbox</a></p></body></html>\n")
                .toString();
    }

    /** Text with every http(s) URL as a link; both the text and the URLs are escaped. */
    static String linkified(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = OutboxMessage.urlPattern().matcher(text);
        int last = 0;
        while (m.find()) {
            String url = OutboxMessage.trimUrl(m.group());
            out.append(escape(text.substring(last, m.start())));
            out.append("<a href=\"").append(escape(url)).append("\" rel=\"noreferrer\">").append(escape(url))
                    .append("</a>");
            last = m.start() + url.length();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    /** Escapes for both element content and quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String subjectOf(OutboxMessage m) {
        return m.subject() == null || m.subject().isEmpty() ? "(no subject)" : m.subject();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("<dt>").append(name).append("</dt><dd>").append(escape(value)).append("</dd>");
        }
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\"><title>")
                .append(escape(title)).append(" · dam local outbox</title><style>").append(STYLE)
                .append("</style></head><body>\n");
    }
}
