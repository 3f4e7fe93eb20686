package dam.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.analytics.Fact;
import dam.core.analytics.UsageEvent;
import dam.core.analytics.UsageKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the facts analytics counts out of one table stream record (Lambda's DynamoDB event JSON). Every fact id is
 * derived from the item's key and the transition, so a record delivered twice yields the same ids:
 * <ul>
 *   <li>{@code USE#<id>} inserted → a use (view, download, search from the API);</li>
 *   <li>{@code ASSET#a/META} inserted → the asset enters its brand's catalogue;</li>
 *   <li>{@code ASSET#a/V#n} turning {@code ready} → its bytes (original + renditions) count as the brand's storage;</li>
 *   <li>{@code ASSET#a/AUDIT#s} inserted with {@code share.viewed} / {@code share.download} → share-link uses (a
 *       download through a link is also a download, by "share:&lt;id&gt;", team external);</li>
 *   <li>{@code ASSET#a/PLACE#…} inserted → a placement (by its channel and publisher);</li>
 *   <li>{@code ASSET#a/REVIEW} turning {@code approved} → the approved version and its number of rounds;</li>
 *   <li>{@code LINK#h/META} turning {@code pending → decided} on an asset → a reviewer's response time;</li>
 *   <li>{@code BRIEF#b/META} turning {@code submitted} / {@code approved} → the brief's approval cycle.</li>
 * </ul>
 */
public final class StreamFacts {

    private final ObjectMapper json;

    public StreamFacts(ObjectMapper json) {
        this.json = json;
    }

    public List<Fact> facts(JsonNode record) {
        String event = record.path("eventName").asText("");
        JsonNode ddb = record.path("dynamodb");
        String pk = ddb.path("Keys").path("PK").path("S").asText("");
        String sk = ddb.path("Keys").path("SK").path("S").asText("");
        JsonNode now = ddb.path("NewImage");
        JsonNode before = ddb.path("OldImage");
        List<Fact> out = new ArrayList<>();
        boolean insert = event.equals("INSERT");
        if (pk.startsWith(DynamoUsageLog.PREFIX) && insert) {
            String id = pk.substring(DynamoUsageLog.PREFIX.length());
            UsageEvent e = new UsageEvent(id, UsageKind.parse(s(now, "kind")), s(now, "assetId"), s(now, "userId"),
                    s(now, "team"), s(now, "via"), Instant.parse(s(now, "at")));
            out.add(new Fact.Use("use:" + id, e));
        } else if (pk.startsWith("ASSET#")) {
            asset(pk.substring("ASSET#".length()), sk, insert, now, before, out);
        } else if (pk.startsWith("LINK#") && sk.equals("META") && "pending".equals(s(before, "state"))
                && "decided".equals(s(now, "state")) && "asset".equals(s(now, "subjectType"))) {
            out.add(new Fact.ReviewerDecided("link:" + pk.substring(5), s(now, "subjectId"), s(now, "reviewer"),
                    s(now, "decision"), Instant.parse(s(now, "issuedAt")), Instant.parse(s(now, "decidedAt"))));
        } else if (pk.startsWith("BRIEF#") && sk.equals("META") && s(now, "status") != null
                && !s(now, "status").equals(s(before, "status"))) {
            String briefId = pk.substring("BRIEF#".length());
            JsonNode data = data(now);
            String brand = data.path("brand").path("name").asText(null);
            Instant at = Instant.parse(s(now, "updatedAt"));
            String id = "brief:" + briefId + ":" + s(now, "status") + ":v" + n(now, "version");
            if (s(now, "status").equals("submitted")) {
                out.add(new Fact.BriefSubmitted(id, briefId, brand, at));
            } else if (s(now, "status").equals("approved")) {
                out.add(new Fact.BriefApproved(id, briefId, brand, s(now, "title"), at));
            }
        }
        return out;
    }

    private void asset(String assetId, String sk, boolean insert, JsonNode now, JsonNode before, List<Fact> out) {
        if (sk.equals("META") && insert) {
            JsonNode data = data(now);
            String created = data.path("createdAt").asText(s(now, "updatedAt"));
            out.add(new Fact.Catalogued("cat:" + assetId, assetId, s(now, "brand"),
                    data.path("displayName").asText(assetId), Instant.parse(created)));
        } else if (sk.startsWith("V#") && "ready".equals(s(now, "state")) && !"ready".equals(s(before, "state"))) {
            JsonNode data = data(now);
            long bytes = data.path("size").asLong(0);
            for (JsonNode r : data.path("renditions")) {
                bytes += r.path("bytes").asLong(0);
            }
            out.add(new Fact.Stored("ver:" + assetId + "/" + sk, assetId, bytes, Instant.parse(s(now, "updatedAt"))));
        } else if (sk.startsWith("AUDIT#") && insert) {
            String action = s(now, "action");
            String actor = s(now, "actor") == null ? "share" : s(now, "actor");
            Instant at = Instant.parse(s(now, "at"));
            String id = "aud:" + assetId + "/" + sk;
            if ("share.viewed".equals(action) || "share.download".equals(action)) {
                out.add(new Fact.Use(id + ":share", new UsageEvent(id + ":share", UsageKind.SHARE, assetId, actor,
                        UsageEvent.EXTERNAL_TEAM, UsageEvent.SHARE_LINK, at)));
            }
            if ("share.download".equals(action)) {
                out.add(new Fact.Use(id + ":download", new UsageEvent(id + ":download", UsageKind.DOWNLOAD, assetId,
                        actor, UsageEvent.EXTERNAL_TEAM, UsageEvent.SHARE_LINK, at)));
            }
        } else if (sk.startsWith("PLACE#") && insert) {
            JsonNode data = data(now);
            String by = data.path("publishedBy").asText("");
            String id = "place:" + assetId + "/" + sk;
            out.add(new Fact.Use(id, new UsageEvent(id, UsageKind.PLACEMENT, assetId, by.isEmpty() ? "unknown" : by,
                    null, s(now, "channel"), Instant.parse(s(now, "publishedAt")))));
        } else if (sk.equals("REVIEW")) {
            JsonNode doc = doc(now);
            if (approved(doc) && !approved(doc(before))) {
                JsonNode rounds = doc.path("rounds");
                JsonNode last = rounds.path(rounds.size() - 1);
                String at = last.path("closedAt").asText(doc.path("updatedAt").asText());
                out.add(new Fact.AssetApproved("rev:" + assetId + "/r" + rounds.size(), assetId,
                        doc.path("brand").asText(), last.path("version").asInt(), rounds.size(), Instant.parse(at)));
            }
        }
    }

    private static boolean approved(JsonNode review) {
        return review.path("status").asText("").toLowerCase(Locale.ROOT).equals("approved");
    }

    private JsonNode data(JsonNode image) {
        return parse(s(image, "data"));
    }

    private JsonNode doc(JsonNode image) {
        return parse(s(image, "doc"));
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("an item's JSON attribute does not parse", e);
        }
    }

    private static String s(JsonNode image, String name) {
        JsonNode v = image.path(name).path("S");
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String n(JsonNode image, String name) {
        return image.path(name).path("N").asText("0");
    }
}
