package dam.core.library.share;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signed parts of a share link, all HMAC-SHA256 with one secret key: the token {@code <id>.<mac(id)>} (id = 128
 * random bits), the CSRF value of its password form (bound to the id) and the password grant a cookie carries after
 * the right password (bound to the id and an expiry). Comparisons are constant-time.
 */
public final class ShareTokens {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final dam.core.LazySecret key;
    private final SecureRandom random;

    public ShareTokens(byte[] key, SecureRandom random) {
        this.key = dam.core.LazySecret.of(key, 16);
        this.random = random;
    }

    /** The key fetched on first use (read from, or created once in, the table): building the API needs no network. */
    public ShareTokens(java.util.function.Supplier<byte[]> key, SecureRandom random) {
        this.key = new dam.core.LazySecret(key, 16);
        this.random = random;
    }

    public String newId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return B64.encodeToString(id);
    }

    public String token(String id) {
        return id + "." + mac("share:" + id);
    }

    /** The share id of a well-formed, correctly signed token; empty for anything forged, tampered or malformed. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() != 22 + 1 + 43) {
            return Optional.empty();
        }
        String id = token.substring(0, 22);
        if (!ID.matcher(id).matches() || token.charAt(22) != '.') {
            return Optional.empty();
        }
        return same(token.substring(23), mac("share:" + id)) ? Optional.of(id) : Optional.empty();
    }

    public String csrf(String id) {
        return mac("csrf:" + id);
    }

    public boolean csrfMatches(String id, String value) {
        return value != null && same(value, csrf(id));
    }

    /** A grant for {@code id} valid until {@code until}: {@code <epoch seconds>.<mac>}. */
    public String grant(String id, Instant until) {
        long exp = until.getEpochSecond();
        return exp + "." + mac("grant:" + id + ":" + exp);
    }

    public boolean grantValid(String id, String grant, Instant now) {
        if (grant == null) {
            return false;
        }
        int dot = grant.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long exp;
        try {
            exp = Long.parseLong(grant.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        return now.getEpochSecond() < exp && same(grant.substring(dot + 1), mac("grant:" + id + ":" + exp));
    }

    private String mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
