package dam.local.ses;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Mail addresses as SES accepts them: {@code local@domain} or {@code Display Name <local@domain>}. Anything that
 * could break a header (CR, LF, NUL) or is not an address is refused with {@link SesErrors#badRequest}.
 */
final class Addresses {

    /** RFC 5322 dot-atom local part (ASCII only: SES does not support SMTPUTF8). */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)*");
    private static final int MAX_LENGTH = 320;

    private Addresses() {
    }

    /** Validates one address (display name allowed) and returns it unchanged. */
    static String checked(String address, String field) {
        if (address == null || address.isBlank()) {
            throw SesErrors.badRequest("Missing required field " + field + ".");
        }
        if (address.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw SesErrors.badRequest("Illegal address in " + field + ": control characters are not allowed.");
        }
        String bare = bare(address);
        if (bare.length() > MAX_LENGTH || !isBareAddress(bare)) {
            throw SesErrors.badRequest("Illegal address in " + field + ": <" + address + ">.");
        }
        return address;
    }

    /** The {@code local@domain} part of an address. */
    static String bare(String address) {
        String a = address.trim();
        int open = a.lastIndexOf('<');
        if (open >= 0 && a.endsWith(">")) {
            return a.substring(open + 1, a.length() - 1).trim();
        }
        return a;
    }

    /** The display name of {@code Name <addr>}, unquoted, or null. */
    static String displayName(String address) {
        String a = address.trim();
        int open = a.lastIndexOf('<');
        if (open <= 0 || !a.endsWith(">")) {
            return null;
        }
        String name = a.substring(0, open).trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return name.isEmpty() ? null : name;
    }

    static boolean isBareAddress(String bare) {
        int at = bare.lastIndexOf('@');
        if (at <= 0 || at == bare.length() - 1) {
            return false;
        }
        return LOCAL.matcher(bare.substring(0, at)).matches() && DOMAIN.matcher(bare.substring(at + 1)).matches();
    }

    static boolean isDomain(String domain) {
        return DOMAIN.matcher(domain).matches();
    }

    /** Same mailbox, ignoring display names and case (how tests look up what was sent to an address). */
    static boolean sameMailbox(String a, String b) {
        return bare(a).equalsIgnoreCase(bare(b));
    }

    /** Splits an address-list header value on commas outside quotes and angle brackets. */
    static List<String> splitList(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"' && (i == 0 || header.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle = Math.max(0, angle - 1);
            }
            if (c == ',' && !quoted && angle == 0) {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder s) {
        String v = s.toString().trim();
        if (!v.isEmpty()) {
            out.add(v);
        }
    }
}
