package dam.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailTest {

    @Test
    void textOnlyMailHasNoHtmlPart() {
        Mail mail = new Mail(List.of("a@example.com"), "s", "t");
        assertNull(mail.htmlBody());
        assertFalse(mail.hasHtml());
    }

    @Test
    void htmlPartIsCarriedAlongTheText() {
        Mail mail = new Mail(List.of("a@example.com"), "s", "t", "<p>t</p>");
        assertTrue(mail.hasHtml());
        assertEquals("<p>t</p>", mail.htmlBody());
        assertEquals("t", mail.textBody());
    }

    @Test
    void recipientsAreRequiredAndCopied() {
        assertThrows(IllegalArgumentException.class, () -> new Mail(List.of(), "s", "t", "h"));
        assertThrows(NullPointerException.class, () -> new Mail(List.of("a@example.com"), null, "t"));
        assertThrows(NullPointerException.class, () -> new Mail(List.of("a@example.com"), "s", null, "h"));
        List<String> to = new ArrayList<>(List.of("a@example.com"));
        Mail mail = new Mail(to, "s", "t");
        to.add("b@example.com");
        assertEquals(List.of("a@example.com"), mail.to());
    }
}
