package dam.local.sqs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS returns (and the AWS SDKs verify): of the body, and of the message attributes encoded as
 * sorted (name, type, transport byte, value) with 4-byte big-endian length prefixes.
 */
final class MessageMd5 {

    private MessageMd5() {
    }

    static String ofBody(String body) {
        return hex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Null when there are no attributes, as SQS omits the field. */
    static String ofAttributes(Map<String, SqsMessage.Attribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, SqsMessage.Attribute> e : new TreeMap<>(attributes).entrySet()) {
            SqsMessage.Attribute a = e.getValue();
            lengthPrefixed(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, a.dataType().getBytes(StandardCharsets.UTF_8));
            if (a.binaryValue() != null) {
                out.write(2);
                lengthPrefixed(out, Base64.getDecoder().decode(a.binaryValue()));
            } else {
                out.write(1);
                lengthPrefixed(out, a.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return hex(md5().digest(out.toByteArray()));
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
