package dam.core.brief;

import dam.core.notify.Reminder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of a milestone reminder, as plain text and as HTML. Brief and milestone names are user text: the HTML part
 * escapes them, and the subject drops control characters (no header injection, whatever the brief says).
 */
record ReminderMail(String subject, String text, String html) {

    static final int SUBJECT_MAX = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

    static ReminderMail render(String kind, Brief brief, Milestone milestone, String publicBaseUrl) {
        String link = publicBaseUrl + "/#/briefs/" + URLEncoder.encode(brief.id(), StandardCharsets.UTF_8);
        LocalDate due = milestone.dueDate();
        boolean dueToday = Reminder.MILESTONE_DUE.equals(kind);
        String when = dueToday ? "is due today, " + DAY.format(due) : "is due in 2 days, on " + DAY.format(due);
        String subject = oneLine((dueToday ? "Due today: " : "Reminder: ") + "\"" + milestone.name() + "\" ("
                + brief.title() + ")" + (dueToday ? "" : " is due on " + due));

        String text = "Hello,\n\n"
                + "the milestone \"" + milestone.name() + "\" of the brief \"" + brief.title() + "\" " + when + ".\n\n"
                + "Open the brief: " + link + "\n\n"
                + "You receive this reminder because you own this milestone.\n";
        String html = "<!DOCTYPE html><html><body>"
                + "<p>Hello,</p>"
                + "<p>the milestone <strong>" + escape(milestone.name()) + "</strong> of the brief <strong>"
                + escape(brief.title()) + "</strong> " + escape(when) + ".</p>"
                + "<p><a href=\"" + escape(link) + "\">Open the brief</a></p>"
                + "<p style=\"color:#666\">You receive this reminder because you own this milestone.</p>"
                + "</body></html>";
        return new ReminderMail(subject, text, html);
    }

    /** Control characters (CR/LF included) become spaces; overlong subjects are cut with an ellipsis. */
    static String oneLine(String s) {
        String flat = s.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return flat.length() <= SUBJECT_MAX ? flat : flat.substring(0, SUBJECT_MAX - 1) + "…";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
