package dam.local.ses;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message in the local outbox, as SES accepted it.
 *
 * @param seq  send order (ties on a frozen clock are broken by it)
 * @param html the HTML part, or null
 * @param text the text part, or null
 * @param raw  sent as Raw content (the .eml is the caller's MIME, byte for byte)
 */
public record OutboxMessage(String id, long seq, Instant time, String region, String from, List<String> to,
                            List<String> cc, List<String> bcc, List<String> replyTo, String subject, String text,
                            String html, String configurationSet, Map<String, String> tags, boolean raw,
                            List<Attachment> attachments) {

    /** What the outbox keeps about an attachment (its bytes stay in the .eml). */
    public record Attachment(String fileName, String contentType, long size) {
    }

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+");
    private static final Pattern HREF = Pattern.compile("href\\s*=\\s*([\"'])(https?://[^\"']+)\\1",
            Pattern.CASE_INSENSITIVE);

    public OutboxMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
        tags = Map.copyOf(tags);
        attachments = List.copyOf(attachments);
    }

    OutboxMessage withSeq(long newSeq) {
        return new OutboxMessage(id, newSeq, time, region, from, to, cc, bcc, replyTo, subject, text, html,
                configurationSet, tags, raw, attachments);
    }

    /** To, Cc and Bcc. */
    public List<String> recipients() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }

    /** True when {@code address} is among the recipients (display names and case ignored). */
    public boolean isFor(String address) {
        return recipients().stream().anyMatch(r -> Addresses.sameMailbox(r, address));
    }

    /** The http(s) links of the text part, then those only the HTML part has, in order, without duplicates. */
    public List<String> links() {
        Set<String> links = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = URL.matcher(text);
            while (m.find()) {
                links.add(trimUrl(m.group()));
            }
        }
        if (html != null) {
            Matcher m = HREF.matcher(html);
            while (m.find()) {
                links.add(m.group(2).replace("&amp;", "&"));
            }
        }
        return List.copyOf(links);
    }

    /** Prose puts punctuation right after a link ("open https://x/y."): it is not part of the URL. */
    static String trimUrl(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)]}".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    static Pattern urlPattern() {
        return URL;
    }
}
