package dam.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Single-table key layout (ARCHITECTURE §2). */
final class Keys {

    static final String PK = "PK";
    static final String SK = "SK";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String TTL = "ttl";
    static final String META = "META";

    private Keys() {
    }

    static String brief(String id) {
        return "BRIEF#" + id;
    }

    static String command(String commandId) {
        return "CMD#" + commandId;
    }

    /** Zero-padded so lexical order is sequence order. */
    static String audit(long seq) {
        return String.format("AUDIT#%010d", seq);
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
