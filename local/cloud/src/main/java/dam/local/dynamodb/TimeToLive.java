package dam.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UpdateTimeToLive / DescribeTimeToLive (dynalite 4.0.0 has neither the setting nor the expiry) and the background
 * deleter: every {@code sweepInterval} of LocalClock time it deletes items whose TTL attribute is a number of epoch
 * seconds earlier than now. Like AWS it is eventual (items may be read after they expired, until the next sweep) and
 * ignores values more than five years in the past (AWS treats those as not-a-TTL).
 */
final class TimeToLive {

    private static final Logger LOG = LoggerFactory.getLogger(TimeToLive.class);
    private static final long FIVE_YEARS_SECONDS = Duration.ofDays(5 * 365).toSeconds();

    private final Dynamo dynamo;
    private final KeySchemas schemas;
    private final LocalClock clock;
    private final Duration sweepInterval;
    private final Path configFile;
    private final ObjectMapper json;
    private final Map<String, String> attributeByTable = new TreeMap<>(); // guarded by this
    private final Object sweepLock = new Object();
    private volatile boolean stopped;

    TimeToLive(Dynamo dynamo, KeySchemas schemas, LocalClock clock, Duration sweepInterval, Path configFile,
               ObjectMapper json) {
        this.dynamo = dynamo;
        this.schemas = schemas;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.configFile = configFile;
        this.json = json;
        load();
    }

    void start() {
        scheduleNextSweep();
    }

    void stop() {
        stopped = true;
    }

    ObjectNode update(ObjectNode request) {
        String table = request.path("TableName").asText("");
        JsonNode spec = request.get("TimeToLiveSpecification");
        if (table.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at 'tableName' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (spec == null || !spec.isObject() || !spec.path("Enabled").isBoolean()
                || spec.path("AttributeName").asText("").isEmpty()) {
            throw AwsException.validation("TimeToLiveSpecification needs Enabled (boolean) and AttributeName");
        }
        schemas.keyNames(table); // ResourceNotFoundException from dynalite if the table does not exist
        boolean enable = spec.get("Enabled").asBoolean();
        String attribute = spec.get("AttributeName").asText();
        synchronized (this) {
            String current = attributeByTable.get(table);
            if (enable && current != null) {
                throw AwsException.validation("TimeToLive is already enabled");
            }
            if (!enable && current == null) {
                throw AwsException.validation("TimeToLive is already disabled");
            }
            if (!enable && !current.equals(attribute)) {
                throw AwsException.validation("The provided AttributeName " + attribute
                        + " does not match the current TTL attribute " + current);
            }
            Map<String, String> next = new TreeMap<>(attributeByTable);
            if (enable) {
                next.put(table, attribute);
            } else {
                next.remove(table);
            }
            save(next); // persisted before it takes effect, so a failed write changes nothing
            attributeByTable.clear();
            attributeByTable.putAll(next);
        }
        ObjectNode response = json.createObjectNode();
        response.putObject("TimeToLiveSpecification").put("Enabled", enable).put("AttributeName", attribute);
        return response;
    }

    ObjectNode describe(ObjectNode request) {
        String table = request.path("TableName").asText("");
        if (table.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at 'tableName' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        schemas.keyNames(table);
        String attribute;
        synchronized (this) {
            attribute = attributeByTable.get(table);
        }
        ObjectNode response = json.createObjectNode();
        ObjectNode d = response.putObject("TimeToLiveDescription");
        if (attribute == null) {
            d.put("TimeToLiveStatus", "DISABLED");
        } else {
            d.put("TimeToLiveStatus", "ENABLED").put("AttributeName", attribute);
        }
        return response;
    }

    /** A deleted table loses its TTL setting, as in AWS. */
    synchronized void tableDeleted(String table) {
        if (attributeByTable.containsKey(table)) {
            Map<String, String> next = new TreeMap<>(attributeByTable);
            next.remove(table);
            save(next);
            attributeByTable.remove(table);
        }
    }

    /** One pass over every TTL-enabled table; returns the number of items deleted. One pass at a time. */
    int sweep() {
        synchronized (sweepLock) {
            Map<String, String> tables;
            synchronized (this) {
                tables = Map.copyOf(attributeByTable);
            }
            long now = clock.instant().getEpochSecond();
            int deleted = 0;
            for (Map.Entry<String, String> t : tables.entrySet()) {
                deleted += sweepTable(t.getKey(), t.getValue(), now);
            }
            return deleted;
        }
    }

    private int sweepTable(String table, String attribute, long now) {
        int deleted = 0;
        JsonNode startKey = null;
        do {
            ObjectNode scan = json.createObjectNode().put("TableName", table)
                    .put("FilterExpression", "#ttl < :now AND #ttl >= :floor")
                    .put("ProjectionExpression", String.join(", ", keyPlaceholders(table)));
            ObjectNode names = scan.putObject("ExpressionAttributeNames").put("#ttl", attribute);
            keyNamesInto(table, names);
            ObjectNode values = scan.putObject("ExpressionAttributeValues");
            values.putObject(":now").put("N", Long.toString(now));
            values.putObject(":floor").put("N", Long.toString(now - FIVE_YEARS_SECONDS));
            if (startKey != null) {
                scan.set("ExclusiveStartKey", startKey);
            }
            ObjectNode page = dynamo.call("Scan", scan);
            for (JsonNode key : page.path("Items")) {
                if (deleteIfStillExpired(table, attribute, (ObjectNode) key, now)) {
                    deleted++;
                }
            }
            startKey = page.get("LastEvaluatedKey");
        } while (startKey != null);
        if (deleted > 0) {
            LOG.info("TTL: deleted {} expired items from {}", deleted, table);
        }
        return deleted;
    }

    /** The condition keeps an item whose TTL was pushed back between the scan and the delete. */
    private boolean deleteIfStillExpired(String table, String attribute, ObjectNode key, long now) {
        ObjectNode delete = json.createObjectNode().put("TableName", table)
                .put("ConditionExpression", "#ttl < :now");
        delete.set("Key", key);
        delete.putObject("ExpressionAttributeNames").put("#ttl", attribute);
        delete.putObject("ExpressionAttributeValues").putObject(":now").put("N", Long.toString(now));
        try {
            dynamo.call("DeleteItem", delete);
            return true;
        } catch (DynaliteError e) {
            if (e.isConditionalCheckFailed()) {
                LOG.debug("TTL: {} {} was updated since the scan; kept", table, key);
                return false;
            }
            throw e;
        }
    }

    private List<String> keyPlaceholders(String table) {
        List<String> names = schemas.keyNames(table);
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            placeholders.add("#k" + i);
        }
        return placeholders;
    }

    private void keyNamesInto(String table, ObjectNode names) {
        List<String> keyNames = schemas.keyNames(table);
        for (int i = 0; i < keyNames.size(); i++) {
            names.put("#k" + i, keyNames.get(i));
        }
    }

    private void scheduleNextSweep() {
        if (stopped) {
            return;
        }
        Instant next = clock.instant().plus(sweepInterval);
        clock.schedule(next, () -> {
            if (stopped) {
                return;
            }
            // The next timer exists before this sweep deletes anything, so a clock advanced after seeing this
            // sweep's effect always finds a timer to fire.
            scheduleNextSweep();
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("TTL sweep failed; trying again in {}", sweepInterval, e);
            }
        });
    }

    private void load() {
        if (!Files.exists(configFile)) {
            return;
        }
        try {
            JsonNode node = json.readTree(configFile.toFile());
            node.properties().forEach(e -> attributeByTable.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TTL settings " + configFile, e);
        }
    }

    private void save(Map<String, String> settings) {
        try {
            Files.createDirectories(configFile.getParent());
            Path tmp = configFile.resolveSibling(configFile.getFileName() + ".tmp");
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
            Files.move(tmp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TTL settings " + configFile, e);
        }
    }
}
