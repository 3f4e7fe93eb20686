package dam.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.Tag;
import dam.core.asset.VersionState;
import dam.core.library.AssetStanding;
import dam.core.library.Visibility;
import dam.core.review.Review;
import dam.core.search.Facet;
import dam.core.search.LibraryIndex;
import dam.core.search.SearchDocument;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Projects an asset's stored state into its {@link SearchDocument}. Whatever stream record names an asset (its META,
 * a version, its review, a collection item), the projection reads the asset's <em>current</em> state and indexes
 * that, so records that arrive twice or out of order cannot leave an old state behind; the document's source version
 * is the sum of the asset's revision, its review's revision and its collection-membership counter — each only grows,
 * so the sum orders states and the index ignores anything not newer.
 */
public final class AssetProjection {

    private final DynamoDbClient db;
    private final String table;
    private final LibraryIndex index;
    private final ObjectMapper json;
    private final Clock clock;

    public AssetProjection(DynamoDbClient db, String table, LibraryIndex index, ObjectMapper json, Clock clock) {
        this.db = db;
        this.table = table;
        this.index = index;
        this.json = json;
        this.clock = clock;
    }

    /** Records a collection membership change (marker + counter) before the asset is re-projected. */
    public void membership(String collectionId, String assetId, boolean member) {
        Map<String, AttributeValue> marker = Map.of("PK", s("SIDX#AC#" + assetId), "SK", s("C#" + collectionId));
        if (member) {
            db.putItem(b -> b.tableName(table).item(Map.of("PK", marker.get("PK"), "SK", marker.get("SK"),
                    "type", s("searchMembership"), "collectionId", s(collectionId))));
        } else {
            db.deleteItem(b -> b.tableName(table).key(marker));
        }
        db.updateItem(b -> b.tableName(table).key(Map.of("PK", s("SIDX#AC#" + assetId), "SK", s("COUNT")))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    /** Re-indexes the asset from the table; true when the index changed. */
    public boolean project(String assetId) {
        Optional<SearchDocument> doc = document(assetId);
        if (doc.isEmpty()) {
            return index.remove(assetId, Long.MAX_VALUE); // deleted: nothing older may bring it back
        }
        return index.apply(doc.get());
    }

    public Optional<SearchDocument> document(String assetId) {
        // META, the versions and the review — not the whole partition (audit entries and annotations grow).
        Map<String, AttributeValue> meta = get("ASSET#" + assetId, "META");
        if (meta == null) {
            return Optional.empty();
        }
        Asset asset = read(meta.get("data").s(), Asset.class);
        // Archived or being restored (ASSET#<id>/LIFECYCLE, written with the asset's revision by the lifecycle store).
        Map<String, AttributeValue> lifecycle = get("ASSET#" + assetId, "LIFECYCLE");
        boolean archived = lifecycle != null && lifecycle.containsKey("stage")
                && !"active".equals(lifecycle.get("stage").s());
        List<AssetVersion> versions = new ArrayList<>();
        for (Map<String, AttributeValue> item : query("ASSET#" + assetId, "V#")) {
            if (item.containsKey("data")) {
                versions.add(read(item.get("data").s(), AssetVersion.class));
            }
        }
        Map<String, AttributeValue> reviewItem = get("ASSET#" + assetId, "REVIEW");
        Review review = reviewItem != null && reviewItem.containsKey("doc")
                ? read(reviewItem.get("doc").s(), Review.class) : null;
        long reviewRevision = review == null ? 0 : review.revision();
        List<String> collections = new ArrayList<>();
        long memberships = 0;
        for (Map<String, AttributeValue> item : query("SIDX#AC#" + assetId, null)) {
            String sk = item.get("SK").s();
            if (sk.startsWith("C#")) {
                collections.add(sk.substring(2));
            } else if (sk.equals("COUNT")) {
                memberships = Long.parseLong(item.get("n").n());
            }
        }
        AssetVersion shown = versions.stream().filter(v -> v.state() == VersionState.READY)
                .max(Comparator.comparingInt(AssetVersion::number))
                .orElse(versions.stream().max(Comparator.comparingInt(AssetVersion::number)).orElse(null));
        // Expired at T-0 by the expiry job: no ready version is left and one was expired.
        boolean versionsExpired = versions.stream().noneMatch(v -> v.state() == VersionState.READY)
                && versions.stream().anyMatch(v -> v.state() == VersionState.EXPIRED);
        return Optional.of(build(asset, shown, review, collections, archived, versionsExpired,
                asset.revision() + reviewRevision + memberships));
    }

    SearchDocument build(Asset a, AssetVersion v, Review review, List<String> collections, boolean archived,
                         boolean versionsExpired, long sourceVersion) {
        List<String> texts = new ArrayList<>();
        texts.add(a.description());
        texts.addAll(a.keywords());
        texts.addAll(a.categories());
        Map<Facet, List<String>> f = new EnumMap<>(Facet.class);
        List<String> colours = new ArrayList<>();
        if (v != null) {
            for (Tag t : v.tags()) {
                texts.add(t.value()); // AI labels, faces, keywords, categories and OCR text alike
                if (t.kind().equals("colour") || t.kind().equals("color")) {
                    colours.add(t.value());
                }
            }
            texts.add(v.fileName());
            f.put(Facet.TYPE, listOf(typeOf(v.detectedType() != null ? v.detectedType() : v.declaredContentType())));
            f.put(Facet.ORIENTATION, listOf(orientation(v)));
        }
        f.put(Facet.COLOUR, colours);
        f.put(Facet.BRAND, listOf(a.brand()));
        f.put(Facet.BRIEF, listOf(a.briefId()));
        f.put(Facet.CAMPAIGN, listOf(a.campaign()));
        f.put(Facet.CHANNEL, listOf(a.channel()));
        f.put(Facet.UPLOADER, listOf(a.createdBy()));
        f.put(Facet.COLLECTION, collections);
        f.put(Facet.RIGHTS, listOf(rights(a)));
        f.put(Facet.STATUS, List.of(visibility(a, review, archived, versionsExpired).code()));
        return SearchDocument.of(a.id(), sourceVersion, a.displayName(), a.createdAt(), texts, f);
    }

    /** The library's one rule (archived → expired → the review's outcome → draft), as access checks apply it. */
    Visibility visibility(Asset a, Review review, boolean archived, boolean versionsExpired) {
        return AssetStanding.visibility(a, review, archived, versionsExpired, today());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC); // FunctionClock has no zones to switch
    }

    private boolean expired(Asset a) {
        LocalDate until = a.details().rightsExpireOn();
        return until != null && today().isAfter(until);
    }

    private String rights(Asset a) {
        if (expired(a)) {
            return "expired";
        }
        return a.details().license() != null ? a.details().license() : "unknown";
    }

    static String typeOf(String mime) {
        if (mime == null) {
            return null;
        }
        String major = mime.toLowerCase(Locale.ROOT).split("/")[0];
        return switch (major) {
            case "image", "video", "audio" -> major;
            default -> "document";
        };
    }

    static String orientation(AssetVersion v) {
        if (v.tech() == null || v.tech().width() == null || v.tech().height() == null) {
            return null;
        }
        int w = v.tech().width();
        int h = v.tech().height();
        Integer exif = v.tech().orientation();
        if (exif != null && exif >= 5 && exif <= 8) { // EXIF 5–8 rotate by 90°: the picture's sides swap
            int t = w;
            w = h;
            h = t;
        }
        return w == h ? "square" : w > h ? "landscape" : "portrait";
    }

    private static List<String> listOf(String v) {
        return v == null ? List.of() : List.of(v);
    }

    private List<Map<String, AttributeValue>> query(String pk, String prefix) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true);
        if (prefix == null) {
            q.keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
        } else {
            q.keyConditionExpression("PK = :pk AND begins_with(SK, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(prefix)));
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        db.queryPaginator(q.build()).items().forEach(out::add);
        return out;
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk), "SK", s(sk)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private <T> T read(String data, Class<T> type) {
        try {
            return json.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + type.getSimpleName(), e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
