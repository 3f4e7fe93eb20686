package dam.core.review;

import dam.core.approval.Html;
import dam.core.notify.Mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The review mails (text + escaped HTML). None carries a link nonce: those exist only in the request mail. */
final class ReviewMail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReviewMail() {
    }

    static Mail roundClosed(Review r, Round rd, List<Annotation> points, String base) {
        String title = oneLine(r.title());
        String what = switch (rd.outcome()) {
            case APPROVED -> "was approved";
            case CHANGES_REQUESTED -> "needs changes";
            case REJECTED -> "was rejected";
            default -> "got no decision in time";
        };
        StringBuilder text = new StringBuilder("Hello,\n\nversion " + rd.version() + " of \"" + r.title() + "\" "
                + what + " (review round " + rd.number() + ").\n");
        StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\"><p>Hello,"
                + "</p><p>version " + rd.version() + " of <strong>" + Html.escape(r.title()) + "</strong> "
                + what + " (review round " + rd.number() + ").</p>");
        List<String> comments = rd.stages().stream().flatMap(s -> s.slots().stream()
                .filter(sl -> sl.comment() != null && !sl.comment().isBlank())
                .map(sl -> s.name() + " — " + sl.reviewer() + " (" + sl.decision() + "): " + sl.comment())).toList();
        List<String> pointLines = points.stream().map(a -> a.anchor().describe() + " — " + a.author() + ": "
                + a.body()).toList();
        section(text, html, "Comments", comments);
        section(text, html, "Points to answer", pointLines);
        if (rd.outcome() == Outcome.CHANGES_REQUESTED) {
            String url = base + "/#/assets/" + r.assetId() + "/review";
            text.append("\nAnswer each point (accept, or object with a reason), then upload the next version:\n")
                    .append(url).append('\n');
            html.append("<p>Answer each point (accept, or object with a reason), then upload the next version: <a href=\"")
                    .append(Html.escape(url)).append("\">open the review</a>.</p>");
        }
        html.append("</body></html>");
        return new Mail(List.of(r.creator()), "Review " + rd.outcome().code().replace('_', ' ') + ": " + title
                + " v" + rd.version(), text.toString(), html.toString());
    }

    static Mail reminder(Review r, StageRun run, Slot slot, Instant issuedAt, String base) {
        String url = base + "/#/assets/" + r.assetId() + "/review";
        String text = "Hello,\n\nyour review of \"" + r.title() + "\" (" + run.name() + " stage) is due "
                + WHEN.format(run.dueAt()) + ".\n\nUse the link in the approval request we sent on "
                + WHEN.format(issuedAt) + ", or decide in the console:\n" + url + "\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>Hello,</p><p>your review of "
                + "<strong>" + Html.escape(r.title()) + "</strong> (" + Html.escape(run.name()) + " stage) is due "
                + Html.escape(WHEN.format(run.dueAt())) + ".</p><p>Use the link in the approval request we sent on "
                + Html.escape(WHEN.format(issuedAt)) + ", or <a href=\"" + Html.escape(url)
                + "\">decide in the console</a>.</p></body></html>";
        return new Mail(List.of(slot.reviewer()), "Reminder: review due — " + oneLine(r.title()), text, html);
    }

    static Mail escalation(Review r, Round rd, StageRun run, Slot slot, String base) {
        String url = base + "/#/assets/" + r.assetId() + "/review";
        String text = "Hello,\n\n" + slot.reviewer() + " has not decided on version " + rd.version() + " of \""
                + r.title() + "\" (" + run.name() + " stage, round " + rd.number() + "), due "
                + WHEN.format(run.dueAt()) + ". You own this stage.\n\nThe review:\n" + url + "\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>Hello,</p><p>"
                + Html.escape(slot.reviewer()) + " has not decided on version " + rd.version() + " of <strong>"
                + Html.escape(r.title()) + "</strong> (" + Html.escape(run.name()) + " stage, round " + rd.number()
                + "), due " + Html.escape(WHEN.format(run.dueAt())) + ". You own this stage.</p><p><a href=\""
                + Html.escape(url) + "\">Open the review</a></p></body></html>";
        return new Mail(List.of(run.owner()), "Overdue review: " + oneLine(r.title()) + " (" + run.name() + ")", text,
                html);
    }

    private static void section(StringBuilder text, StringBuilder html, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        text.append('\n').append(heading).append(":\n");
        html.append("<h3>").append(Html.escape(heading)).append("</h3><ul>");
        for (String l : lines) {
            text.append("- ").append(l).append('\n');
            html.append("<li>").append(Html.escape(l)).append("</li>");
        }
        html.append("</ul>");
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
