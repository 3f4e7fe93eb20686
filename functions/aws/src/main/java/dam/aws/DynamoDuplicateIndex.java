package dam.aws;

import dam.core.asset.DuplicateIndex;
import dam.core.asset.Fingerprint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dam.aws.Keys.PK;
import static dam.aws.Keys.SK;
import static dam.aws.Keys.n;
import static dam.aws.Keys.s;

/**
 * {@link DuplicateIndex} as postings on the table: {@code DUP#SHA#<sha256>} and one {@code DUP#PH#<band>} per
 * perceptual-hash band, each with SK {@code FP#<assetId>#<version>}. Near candidates are the union of the probe's
 * {@value Fingerprint#BANDS} band partitions — exact-key queries, no scan.
 */
public final class DynamoDuplicateIndex implements DuplicateIndex {

    private final DynamoDbClient db;
    private final String table;

    public DynamoDuplicateIndex(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public List<Fingerprint> withSha256(String sha256) {
        return query("DUP#SHA#" + sha256);
    }

    @Override
    public List<Fingerprint> nearCandidates(Fingerprint probe) {
        Map<String, Fingerprint> out = new LinkedHashMap<>();
        for (String band : probe.bands()) {
            query("DUP#PH#" + band).forEach(f -> out.putIfAbsent(f.assetId() + "#" + f.version(), f));
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public void add(Fingerprint f) {
        if (f.sha256() != null) {
            put("DUP#SHA#" + f.sha256(), f);
        }
        for (String band : f.bands()) {
            put("DUP#PH#" + band, f);
        }
    }

    private void put(String pk, Fingerprint f) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk));
        item.put(SK, s("FP#" + f.assetId() + "#" + f.version()));
        item.put("type", s("fingerprint"));
        item.put("assetId", s(f.assetId()));
        item.put("assetVersion", n(f.version()));
        if (f.sha256() != null) {
            item.put("sha256", s(f.sha256()));
        }
        if (f.phash() != null) {
            item.put("phash", s(f.phash()));
        }
        db.putItem(b -> b.tableName(table).item(item)); // same key, same content: repeating is harmless
    }

    private List<Fingerprint> query(String pk) {
        QueryRequest q = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :fp)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":fp", s("FP#")))
                .build();
        List<Fingerprint> out = new ArrayList<>();
        db.queryPaginator(q).items().forEach(i -> out.add(new Fingerprint(i.get("assetId").s(),
                Integer.parseInt(i.get("assetVersion").n()), str(i, "sha256"), str(i, "phash"))));
        return out;
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        return Items.str(item, name);
    }
}
