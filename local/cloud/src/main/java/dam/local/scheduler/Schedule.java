package dam.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.events.Json;

import java.time.Instant;

/** One schedule as stored; mutable fields are guarded by the provider's lock. */
final class Schedule {

    static final String ARN_PREFIX = "arn:aws:scheduler:us-east-1:000000000000:";

    final String group;
    final String name;
    final Instant created;
    /** The request body of the last Create/UpdateSchedule (validated), echoed by GetSchedule. */
    ObjectNode definition;
    Instant modified;
    /** Scheduled time of the last firing; a one-time schedule with this set never fires again. */
    Instant lastFiredAt;
    /** Bumped on every change so stale timers know to do nothing (LocalClock timers can't be cancelled). */
    long generation;

    Schedule(String group, String name, Instant created) {
        this.group = group;
        this.name = name;
        this.created = created;
        this.modified = created;
    }

    static String key(String group, String name) {
        return group + "/" + name;
    }

    String arn() {
        return ARN_PREFIX + "schedule/" + group + "/" + name;
    }

    String state() {
        return definition.path("State").asText("ENABLED");
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("group", group).put("name", name).put("created", created.toString()).put("modified", modified.toString());
        n.put("lastFiredAt", lastFiredAt == null ? null : lastFiredAt.toString());
        n.set("definition", definition);
        return n;
    }

    static Schedule fromJson(JsonNode n) {
        Schedule s = new Schedule(n.get("group").asText(), n.get("name").asText(), Instant.parse(n.get("created").asText()));
        s.modified = Instant.parse(n.get("modified").asText());
        s.lastFiredAt = n.hasNonNull("lastFiredAt") ? Instant.parse(n.get("lastFiredAt").asText()) : null;
        s.definition = (ObjectNode) n.get("definition");
        return s;
    }
}
