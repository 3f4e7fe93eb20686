package dam.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Buses, rules (with their targets) and archives of the local EventBridge; saved as one JSON document. */
final class EventsState {

    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";
    static final String ARN_PREFIX = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":";

    static final class Bus {
        final String name;
        final Instant created;
        final String description;

        Bus(String name, Instant created, String description) {
            this.name = name;
            this.created = created;
            this.description = description;
        }

        String arn() {
            return ARN_PREFIX + "event-bus/" + name;
        }
    }

    static final class Rule {
        final String name;
        final String bus;
        String eventPattern;
        String scheduleExpression;
        String state;
        String description;
        String roleArn;
        /** Rate schedules count from here (the last PutRule). */
        Instant scheduleAnchor;
        final Map<String, ObjectNode> targets = new LinkedHashMap<>();
        /** Bumped on every change so stale scheduled-rule timers know to do nothing (LocalClock timers can't be cancelled). */
        long generation;

        Rule(String name, String bus) {
            this.name = name;
            this.bus = bus;
        }

        String arn() {
            return ARN_PREFIX + "rule/" + (bus.equals("default") ? "" : bus + "/") + name;
        }

        boolean enabled() {
            return "ENABLED".equals(state);
        }
    }

    static final class Archive {
        final String name;
        final String bus;
        final String eventPattern;
        final String description;
        final int retentionDays;
        final Instant created;
        long eventCount;
        long sizeBytes;

        Archive(String name, String bus, String eventPattern, String description, int retentionDays, Instant created) {
            this.name = name;
            this.bus = bus;
            this.eventPattern = eventPattern;
            this.description = description;
            this.retentionDays = retentionDays;
            this.created = created;
        }

        String arn() {
            return ARN_PREFIX + "archive/" + name;
        }
    }

    final Map<String, Bus> buses = new TreeMap<>();
    /** Keyed by bus + "/" + rule name. */
    final Map<String, Rule> rules = new TreeMap<>();
    final Map<String, Archive> archives = new TreeMap<>();

    static String ruleKey(String bus, String name) {
        return bus + "/" + name;
    }

    ObjectNode toJson() {
        ObjectNode root = Json.object();
        ArrayNode b = root.putArray("buses");
        buses.values().forEach(bus -> b.addObject().put("name", bus.name).put("created", bus.created.toString())
                .put("description", bus.description));
        ArrayNode r = root.putArray("rules");
        for (Rule rule : rules.values()) {
            ObjectNode n = r.addObject();
            n.put("name", rule.name).put("bus", rule.bus).put("eventPattern", rule.eventPattern)
                    .put("scheduleExpression", rule.scheduleExpression).put("state", rule.state)
                    .put("description", rule.description).put("roleArn", rule.roleArn)
                    .put("scheduleAnchor", rule.scheduleAnchor == null ? null : rule.scheduleAnchor.toString());
            ArrayNode t = n.putArray("targets");
            rule.targets.values().forEach(t::add);
        }
        ArrayNode a = root.putArray("archives");
        archives.values().forEach(ar -> a.addObject().put("name", ar.name).put("bus", ar.bus)
                .put("eventPattern", ar.eventPattern).put("description", ar.description)
                .put("retentionDays", ar.retentionDays).put("created", ar.created.toString()));
        return root;
    }

    static EventsState fromJson(JsonNode root) {
        EventsState s = new EventsState();
        for (JsonNode n : root.path("buses")) {
            s.buses.put(n.get("name").asText(), new Bus(n.get("name").asText(), Instant.parse(n.get("created").asText()),
                    Json.text(n, "description")));
        }
        for (JsonNode n : root.path("rules")) {
            Rule rule = new Rule(n.get("name").asText(), n.get("bus").asText());
            rule.eventPattern = Json.text(n, "eventPattern");
            rule.scheduleExpression = Json.text(n, "scheduleExpression");
            rule.state = Json.text(n, "state");
            rule.description = Json.text(n, "description");
            rule.roleArn = Json.text(n, "roleArn");
            String anchor = Json.text(n, "scheduleAnchor");
            rule.scheduleAnchor = anchor == null ? null : Instant.parse(anchor);
            for (JsonNode t : n.path("targets")) {
                rule.targets.put(t.get("Id").asText(), (ObjectNode) t);
            }
            s.rules.put(ruleKey(rule.bus, rule.name), rule);
        }
        for (JsonNode n : root.path("archives")) {
            s.archives.put(n.get("name").asText(), new Archive(n.get("name").asText(), n.get("bus").asText(),
                    Json.text(n, "eventPattern"), Json.text(n, "description"), n.path("retentionDays").asInt(),
                    Instant.parse(n.get("created").asText())));
        }
        return s;
    }
}
