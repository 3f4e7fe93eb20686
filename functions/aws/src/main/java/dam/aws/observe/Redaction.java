package dam.aws.observe;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of the logs: values of fields whose name says they are secret, and anything in free text that
 * looks like a bearer value (approval-link nonces are 43 base64url characters, task tokens and JWTs hundreds).
 */
public final class Redaction {

    public static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(token|nonce|secret|password|passwd|authorization|cookie|csrf|credential|signature|apikey|api_key).*");
    /** A run of 40+ base64/base64url/hex characters, with any '.'-joined neighbours (a JWT's header and signature). */
    private static final Pattern BEARER_VALUE = Pattern.compile(
            "([A-Za-z0-9_\\-+/=]+\\.)*[A-Za-z0-9_\\-+/=]{40,}(\\.[A-Za-z0-9_\\-+/=]+)*");

    private Redaction() {
    }

    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The text with every token-like run replaced by {@value #REDACTED}. */
    public static String scrub(String text) {
        return text == null ? null : BEARER_VALUE.matcher(text).replaceAll(REDACTED);
    }
}
