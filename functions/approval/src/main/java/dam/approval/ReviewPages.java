package dam.approval;

import dam.core.approval.ApprovalLinkService;
import dam.core.approval.Decision;
import dam.core.approval.LinkPage;
import dam.core.approval.Refusal;
import dam.core.approval.SubjectState;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static dam.core.approval.Html.escape;

/**
 * The public review pages: the confirm page (what is to be approved + the decision form), the "recorded" page and the
 * refusal pages. Every piece of user text is escaped; the pages load nothing from elsewhere.
 */
final class ReviewPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
            + "padding:0 1rem;line-height:1.45;color:#1d1d1f}h1{font-size:1.5rem}h2{font-size:1.05rem;margin-top:1.4rem}"
            + ".meta{color:#555}.box{border:1px solid #ccc;border-radius:6px;padding:1rem;margin-top:1.5rem}"
            + "label{display:block;margin:.3rem 0}textarea{width:100%;min-height:6rem}"
            + "button{margin-top:.8rem;padding:.5rem 1.2rem;font-size:1rem}.refused{color:#8a1c1c}";

    private ReviewPages() {
    }

    static String confirm(LinkPage p) {
        StringBuilder b = start("Review: " + p.current().title());
        b.append("<h1>").append(escape(p.current().title())).append("</h1>");
        b.append("<p class=\"meta\">You are asked to approve the <strong>").append(escape(label(p.kind())))
                .append("</strong> (version ").append(p.subject().version()).append("). This link is for ")
                .append(escape(p.reviewer())).append(" and works until ").append(escape(WHEN.format(p.expiresAt())))
                .append(".</p>");
        preview(b, p.current().preview());
        sections(b, p.current());
        b.append("<form method=\"post\" class=\"box\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(p.csrf())).append("\">")
                .append("<h2>Your decision</h2>");
        for (Decision d : Decision.values()) {
            b.append("<label><input type=\"radio\" name=\"decision\" value=\"").append(d.code()).append("\"")
                    // No default choice: a scanner that auto-submits forms must not approve on the reviewer's behalf.
                    .append(" required> ").append(decisionLabel(d))
                    .append("</label>");
        }
        b.append("<label for=\"comment\">Comment (required to request changes or reject)</label>")
                .append("<textarea id=\"comment\" name=\"comment\" maxlength=\"")
                .append(ApprovalLinkService.COMMENT_MAX).append("\"></textarea>")
                .append("<button type=\"submit\">Submit decision</button></form>");
        return end(b);
    }

    static String decided(LinkPage p, boolean taskAnswered) {
        StringBuilder b = start("Decision recorded");
        b.append("<h1>Decision recorded</h1><p>You chose <strong>").append(decisionLabel(p.decision()))
                .append("</strong> for the ").append(escape(label(p.kind()))).append(" of <strong>")
                .append(escape(p.current().title())).append("</strong>.</p>");
        if (p.comment() != null && !p.comment().isEmpty()) {
            b.append("<p>Your comment:</p><blockquote>").append(escape(p.comment())).append("</blockquote>");
        }
        if (!taskAnswered) {
            b.append("<p class=\"meta\">The approval round is being updated; nothing more is needed from you.</p>");
        }
        b.append("<p class=\"meta\">This link cannot be used again.</p>");
        return end(b);
    }

    static String refused(Refusal r, String detail) {
        StringBuilder b = start("Link not usable");
        b.append("<h1 class=\"refused\">").append(escape(title(r))).append("</h1><p>").append(escape(r.message()))
                .append("</p>");
        if (detail != null) {
            b.append("<p>").append(escape(detail)).append("</p>");
        }
        b.append("<p class=\"meta\">Reason code: ").append(r.code()).append("</p>");
        return end(b);
    }

    static String plain(String heading, String text) {
        StringBuilder b = start(heading);
        b.append("<h1>").append(escape(heading)).append("</h1><p>").append(escape(text)).append("</p>");
        return end(b);
    }

    /** Inline (data: URI) so the page still loads nothing from elsewhere; the base64 alphabet needs no escaping. */
    private static void preview(StringBuilder b, SubjectState.Preview p) {
        if (p == null) {
            return;
        }
        b.append("<figure><img alt=\"").append(escape(p.caption())).append("\" src=\"data:").append(p.contentType())
                .append(";base64,").append(p.base64()).append("\" style=\"max-width:100%;height:auto\"");
        if (p.width() > 0 && p.height() > 0) {
            b.append(" width=\"").append(p.width()).append("\" height=\"").append(p.height()).append("\"");
        }
        b.append("><figcaption class=\"meta\">").append(escape(p.caption())).append("</figcaption></figure>");
    }

    private static void sections(StringBuilder b, SubjectState s) {
        for (SubjectState.Section sec : s.sections()) {
            b.append("<h2>").append(escape(sec.heading())).append("</h2><ul>");
            for (String line : sec.lines()) {
                b.append("<li>").append(escape(line)).append("</li>");
            }
            b.append("</ul>");
        }
    }

    private static String title(Refusal r) {
        return switch (r) {
            case UNKNOWN -> "Unknown link";
            case EXPIRED -> "Link expired";
            case ALREADY_DECIDED -> "Already decided";
            case SUPERSEDED -> "Superseded";
            case BAD_CSRF, WRONG_REVIEWER -> "Not allowed";
            case CLOSED -> "No longer needed";
            case INVALID -> "Decision incomplete";
        };
    }

    static String decisionLabel(Decision d) {
        return switch (d) {
            case APPROVE -> "Approve";
            case CHANGES -> "Request changes";
            case REJECT -> "Reject";
        };
    }

    private static String label(String kind) {
        return kind.replace('_', ' ');
    }

    private static StringBuilder start(String title) {
        return new StringBuilder(4096).append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<meta name=\"robots\" content=\"noindex,nofollow\"><title>").append(escape(title))
                .append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    private static String end(StringBuilder b) {
        return b.append("</body></html>").toString();
    }
}
