package dam.core.search;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.library.SearchScope;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * Stable, signed cursors: the position after the last hit (sort key + document number, a total order) bound to
 * the query's fingerprint and the caller's scope, HMAC-SHA256 signed. A changed byte, another query's cursor or
 * garbage is a 400 — never an index read at a forged position.
 */
public final class Cursors {

    public static final int MAX_LENGTH = 200;

    /** Where the next page starts: after ({@code key}, {@code doc}) in the sort order. */
    public record Position(long key, int doc) {
    }

    private final dam.core.LazySecret secret;

    public Cursors(byte[] secret) {
        this.secret = dam.core.LazySecret.of(secret, 16);
    }

    /** A secret fetched on first use (read from, or created in, the table): building the API needs no network. */
    public Cursors(java.util.function.Supplier<byte[]> secret) {
        this.secret = new dam.core.LazySecret(secret, 16);
    }

    public String encode(SearchQuery q, SearchScope scope, Position p) {
        byte[] fp = fingerprint(q, scope);
        ByteBuffer b = ByteBuffer.allocate(fp.length + 12).put(fp).putLong(p.key()).putInt(p.doc());
        byte[] body = b.array();
        return b64(body) + "." + b64(mac(body));
    }

    /** The position in {@code q.cursor()}, or null without a cursor; 400 for anything not signed for this query. */
    public Position decode(SearchQuery q, SearchScope scope) {
        String c = q.cursor();
        if (c == null) {
            return null;
        }
        try {
            int dot = c.indexOf('.');
            if (c.length() > MAX_LENGTH || dot < 0) {
                throw new IllegalArgumentException("malformed");
            }
            byte[] body = Base64.getUrlDecoder().decode(c.substring(0, dot));
            byte[] sig = Base64.getUrlDecoder().decode(c.substring(dot + 1));
            if (!c.equals(b64(body) + "." + b64(sig))) {
                throw new IllegalArgumentException("not canonical"); // unused trailing bits: one cursor, one string
            }
            if (!MessageDigest.isEqual(sig, mac(body))) {
                throw new IllegalArgumentException("bad signature");
            }
            byte[] fp = fingerprint(q, scope);
            if (body.length != fp.length + 12 || !MessageDigest.isEqual(java.util.Arrays.copyOf(body, fp.length),
                    fp)) {
                throw new IllegalArgumentException("another query");
            }
            ByteBuffer b = ByteBuffer.wrap(body, fp.length, 12);
            return new Position(b.getLong(), b.getInt());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new FieldError("cursor", Codes.INVALID,
                    "cursor is not one this search returned; start again without it"));
        }
    }

    private static byte[] fingerprint(SearchQuery q, SearchScope scope) {
        return Base64.getUrlDecoder().decode(q.fingerprint(scope.canonical()));
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.get(), "HmacSHA256"));
            return java.util.Arrays.copyOf(mac.doFinal(body), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
