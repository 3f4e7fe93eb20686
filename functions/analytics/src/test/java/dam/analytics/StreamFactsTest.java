package dam.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.analytics.Fact;
import dam.core.analytics.UsageKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream records (Lambda's DynamoDB event JSON) → the facts analytics counts, with ids stable across redelivery. */
class StreamFactsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final StreamFacts facts = new StreamFacts(JSON);

    static JsonNode record(String event, String pk, String sk, Map<String, String> before, Map<String, String> now) {
        ObjectNode r = JSON.createObjectNode();
        r.put("eventName", event);
        ObjectNode d = r.putObject("dynamodb");
        d.putObject("Keys").<ObjectNode>set("PK", JSON.createObjectNode().put("S", pk))
                .set("SK", JSON.createObjectNode().put("S", sk));
        if (before != null) {
            image(d.putObject("OldImage"), before);
        }
        if (now != null) {
            image(d.putObject("NewImage"), now);
        }
        return r;
    }

    private static void image(ObjectNode image, Map<String, String> values) {
        values.forEach((k, v) -> {
            if (k.startsWith("#")) {
                image.putObject(k.substring(1)).put("N", v);
            } else {
                image.putObject(k).put("S", v);
            }
        });
    }

    @Test
    void aUseItemIsOneUseWithItsOwnIdTwiceTheSame() {
        JsonNode r = record("INSERT", "USE#u1", "META", null, Map.of("kind", "download", "assetId", "a1",
                "userId", "bob", "team", "viewer", "via", "library", "at", "2026-06-01T10:00:00Z"));
        List<Fact> first = facts.facts(r);
        assertEquals(first, facts.facts(r));
        Fact.Use use = assertInstanceOf(Fact.Use.class, first.get(0));
        assertEquals("use:u1", use.id());
        assertEquals(UsageKind.DOWNLOAD, use.event().kind());
        assertEquals("viewer", use.event().team());
        assertEquals(List.of(), facts.facts(record("MODIFY", "USE#u1", "META", Map.of(), Map.of())));
    }

    @Test
    void aShareLinkDownloadIsAShareUseAndADownloadByTheLink() {
        List<Fact> out = facts.facts(record("INSERT", "ASSET#a1", "AUDIT#0000000007", null, Map.of(
                "action", "share.download", "actor", "share:s1", "at", "2026-06-01T10:00:00Z")));
        assertEquals(List.of(UsageKind.SHARE, UsageKind.DOWNLOAD), out.stream()
                .map(f -> ((Fact.Use) f).event().kind()).toList());
        assertEquals("share:s1", ((Fact.Use) out.get(1)).event().userId());
        assertEquals(List.of(), facts.facts(record("INSERT", "ASSET#a1", "AUDIT#0000000008", null, Map.of(
                "action", "share.refused", "actor", "share:s1", "at", "2026-06-01T10:00:00Z"))));
    }

    @Test
    void aVersionCountsItsBytesOnceWhenItBecomesReady() {
        String data = "{\"size\":1000,\"renditions\":[{\"bytes\":10},{\"bytes\":5}]}";
        Map<String, String> ready = Map.of("state", "ready", "updatedAt", "2026-06-01T10:00:00Z", "data", data);
        Fact.Stored s = assertInstanceOf(Fact.Stored.class, facts.facts(record("MODIFY", "ASSET#a1", "V#000001",
                Map.of("state", "processing"), ready)).get(0));
        assertEquals(1015, s.bytes());
        assertEquals(List.of(), facts.facts(record("MODIFY", "ASSET#a1", "V#000001", ready, ready)),
                "already ready: a later change of the version counts nothing");
    }

    @Test
    void decisionsReviewsAndBriefsBecomeTheirFacts() {
        Fact.ReviewerDecided d = assertInstanceOf(Fact.ReviewerDecided.class, facts.facts(record("MODIFY",
                "LINK#abc", "META", Map.of("state", "pending"), Map.of("state", "decided", "subjectType", "asset",
                        "subjectId", "a1", "reviewer", "rex", "decision", "approve",
                        "issuedAt", "2026-06-01T10:00:00Z", "decidedAt", "2026-06-02T10:00:00Z"))).get(0));
        assertEquals(Instant.parse("2026-06-01T10:00:00Z"), d.issuedAt());
        assertEquals(List.of(), facts.facts(record("MODIFY", "LINK#abc", "META", Map.of("state", "decided"),
                Map.of("state", "decided", "subjectType", "asset"))), "told-the-task update: nothing");

        String approved = "{\"brand\":\"Acme\",\"status\":\"approved\",\"rounds\":[{\"version\":1},"
                + "{\"version\":2,\"closedAt\":\"2026-06-03T10:00:00Z\"}]}";
        Fact.AssetApproved a = assertInstanceOf(Fact.AssetApproved.class, facts.facts(record("MODIFY", "ASSET#a1",
                "REVIEW", Map.of("doc", "{\"status\":\"in_review\"}"), Map.of("doc", approved))).get(0));
        assertEquals(List.of(2, 2), List.of(a.rounds(), a.version()));

        String brief = "{\"brand\":{\"name\":\"Acme\"}}";
        List<Fact> submitted = facts.facts(record("MODIFY", "BRIEF#b1", "META", Map.of("status", "draft"),
                Map.of("status", "submitted", "#version", "3", "updatedAt", "2026-06-01T10:00:00Z", "data", brief)));
        Fact.BriefSubmitted s = assertInstanceOf(Fact.BriefSubmitted.class, submitted.get(0));
        assertEquals("Acme", s.brand());
        assertTrue(s.id().endsWith(":v3"));
        assertEquals(List.of(), facts.facts(record("MODIFY", "BRIEF#b1", "META", Map.of("status", "submitted"),
                Map.of("status", "submitted", "updatedAt", "2026-06-01T10:00:00Z", "data", brief))));
    }
}
