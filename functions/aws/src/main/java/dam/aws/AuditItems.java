package dam.aws;

import dam.core.audit.AuditEntry;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dam.aws.Keys.n;
import static dam.aws.Keys.s;

/**
 * The attributes of an audit-chain entry, the same in every chain (asset, brief, review, approval links): callers
 * choose the keys and the item type, this writes the entry so {@link dam.core.audit.AuditChain} can re-hash it.
 */
public final class AuditItems {

    private AuditItems() {
    }

    /** Adds {@code a}'s fields to {@code item} (which already holds its keys and type) and returns it. */
    public static Map<String, AttributeValue> fill(Map<String, AttributeValue> item, AuditEntry a) {
        item.put("seq", n(a.seq()));
        item.put("at", s(a.at().toString()));
        item.put("action", s(a.action()));
        if (a.actor() != null) {
            item.put("actor", s(a.actor()));
        }
        if (a.detail() != null) {
            item.put("detail", s(a.detail()));
        }
        item.put("prevHash", s(a.prevHash()));
        item.put("hash", s(a.hash()));
        return item;
    }
}
