package dam.core.launch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outbound webhook bodies so a channel can tell our calls from forgeries and replays: header
 * {@value #HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. The timestamp is inside the MAC, so a
 * receiver that rejects old timestamps ({@link #verify} with a tolerance) also rejects replays of captured calls.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Dam-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;

    public WebhookSignature(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("webhook secrets are at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    public String sign(String body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t + "." + body));
    }

    /** True when {@code header} signs {@code body} with this secret and was made within {@code tolerance} of now. */
    public boolean verify(String header, String body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            try {
                if (kv[0].equals("t")) {
                    t = Long.parseLong(kv[1]);
                } else if (kv[0].equals("v1")) {
                    given = HexFormat.of().parseHex(kv[1]);
                }
            } catch (IllegalArgumentException malformed) { // NumberFormatException included: not our signature
                return false;
            }
        }
        if (t == null || given == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(t + "." + body)); // constant time
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is in every JVM", e);
        }
    }
}
