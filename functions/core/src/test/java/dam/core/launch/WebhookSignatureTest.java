package dam.core.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private final WebhookSignature signer = new WebhookSignature(SECRET);

    @Test
    void signatureIsTheHmacOfTimestampDotBodyAsAReceiverWouldCompute() throws Exception {
        String body = "{\"assetId\":\"a1\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((AT.getEpochSecond() + "." + body)
                .getBytes(StandardCharsets.UTF_8)));

        assertEquals("t=" + AT.getEpochSecond() + ",v1=" + expected, signer.sign(body, AT));
    }

    @Test
    void verifiesItsOwnSignatureWithinTheTolerance() {
        String header = signer.sign("body", AT);

        assertTrue(signer.verify(header, "body", AT.plus(Duration.ofMinutes(4)), FIVE_MINUTES));
    }

    @Test
    void rejectsChangedBodiesOldTimestampsOtherSecretsAndGarbage() {
        String header = signer.sign("body", AT);

        assertFalse(signer.verify(header, "body!", AT, FIVE_MINUTES));
        assertFalse(signer.verify(header, "body", AT.plus(Duration.ofMinutes(6)), FIVE_MINUTES));
        assertFalse(new WebhookSignature("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8))
                .verify(header, "body", AT, FIVE_MINUTES));
        assertFalse(signer.verify(header.replace("t=" + AT.getEpochSecond(), "t=" + (AT.getEpochSecond() + 1)),
                "body", AT, FIVE_MINUTES));
        assertFalse(signer.verify("t=abc,v1=zz", "body", AT, FIVE_MINUTES));
        assertFalse(signer.verify("garbage", "body", AT, FIVE_MINUTES));
        assertFalse(signer.verify(null, "body", AT, FIVE_MINUTES));
    }

    @Test
    void shortSecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(new byte[16]));
    }
}
