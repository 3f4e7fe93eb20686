package dam.local.dynamodb;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Streams for the local DynamoDB (dynalite has none): the streams of each table, their change records and
 * the DynamoDB Streams API (ListStreams, DescribeStream, GetShardIterator, GetRecords). One shard per stream.
 *
 * <p>Records are kept 24 hours of {@link LocalClock} time, as in AWS. Each stream appends its records to its own
 * JSON-lines file under {@code dir}, so they survive a restart; {@code streams.json} lists the streams. Sequence
 * numbers are one counter across all streams, so they increase in the order the writes happened.
 */
public final class Streams {

    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    public static final String TARGET_PREFIX = "DynamoDBStreams_20120810";
    public static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);
    static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");
    private static final DateTimeFormatter LABEL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /** Retention drops records from memory as they age; the file is rewritten once this many are gone. */
    private static final int REWRITE_AFTER_TRIMMED = 1000;

    /**
     * One change record as stored: its sequence, creation time and the Streams API record as JSON bytes (compact:
     * a day of records of a busy table stays in memory).
     */
    public record Record(long sequence, Instant created, byte[] bytes) {

        private static final ObjectMapper READER = new ObjectMapper();

        /** The record as the Streams API returns it (a fresh copy each call). */
        public ObjectNode json() {
            try {
                return (ObjectNode) READER.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("a stored stream record is not JSON", e);
            }
        }
    }

    /** One item change for {@link #record}: images are null when the item did not exist before / after. */
    record Change(ObjectNode keys, ObjectNode oldImage, ObjectNode newImage, boolean byService) {
    }

    private static final class Stream {
        final String arn;
        final String table;
        final String label;
        final String viewType;
        final List<String> keyNames;
        final Instant created;
        final long startSequence;
        final Path file;
        final List<Record> records = new ArrayList<>();
        boolean enabled = true;
        boolean tableDeleted;
        long endSequence; // last sequence once disabled (0 while open)
        long trimmedUpTo; // highest sequence dropped by retention
        int trimmedSinceRewrite;

        Stream(String arn, String table, String label, String viewType, List<String> keyNames, Instant created,
               long startSequence, Path file) {
            this.arn = arn;
            this.table = table;
            this.label = label;
            this.viewType = viewType;
            this.keyNames = List.copyOf(keyNames);
            this.created = created;
            this.startSequence = startSequence;
            this.file = file;
        }

        String shardId() {
            return String.format("shardId-%020d-%08x", created.toEpochMilli(), arn.hashCode());
        }

        long lastSequence() {
            return records.isEmpty() ? Math.max(trimmedUpTo, startSequence - 1) : records.get(records.size() - 1)
                    .sequence();
        }
    }

    private final Path dir;
    private final LocalClock clock;
    private final ObjectMapper json;
    private final String region;
    private final String account;
    private final Map<String, Stream> byArn = new LinkedHashMap<>(); // guarded by this
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private long lastSequence; // guarded by this

    Streams(Path dir, LocalClock clock, ObjectMapper json, String region, String account) {
        this.dir = dir;
        this.clock = clock;
        this.json = json;
        this.region = region;
        this.account = account;
        load();
    }

    // ---- Java API (the dynamodb provider writes, Lambda event source mappings read) ----

    /** Called (on the writer's thread, after the record is stored) with the stream ARN of every new record. */
    public void addListener(Consumer<String> onRecords) {
        listeners.add(onRecords);
    }

    public synchronized boolean exists(String streamArn) {
        return byArn.containsKey(streamArn);
    }

    /** The latest sequence number of a stream (records after it are "new"), 0 if none yet. */
    public synchronized long latestSequence(String streamArn) {
        return stream(streamArn).lastSequence();
    }

    public synchronized String shardId(String streamArn) {
        return stream(streamArn).shardId();
    }

    /**
     * Up to {@code limit} retained records with a sequence of at least {@code from}, oldest first. Records already
     * dropped by retention are skipped silently (a poller that fell 24 h behind continues at the trim horizon).
     */
    public synchronized List<Record> read(String streamArn, long from, int limit) {
        Stream s = stream(streamArn);
        trim(s);
        List<Record> out = new ArrayList<>(Math.min(limit, 64));
        for (Record r : s.records) {
            if (out.size() >= limit) {
                break;
            }
            if (r.sequence() >= from) {
                out.add(r);
            }
        }
        return out;
    }

    /** The enabled stream of a table, or null. */
    synchronized String enabledStreamArn(String table) {
        Stream s = enabledStream(table);
        return s == null ? null : s.arn;
    }

    synchronized List<String> keyNames(String table) {
        Stream s = enabledStream(table);
        return s == null ? List.of() : s.keyNames;
    }

    /**
     * Stores the changes of one write as records of the table's enabled stream (nothing when it has none). A change
     * that leaves the item as it was makes no record, as in AWS. Caller holds the locks that order writes to these
     * items, so the sequence order is the write order.
     */
    void record(String table, List<Change> changes) {
        String arn;
        synchronized (this) {
            Stream s = enabledStream(table);
            if (s == null) {
                return;
            }
            arn = s.arn;
            Instant now = clock.instant();
            List<Record> added = new ArrayList<>();
            for (Change c : changes) {
                if (c.oldImage() == null && c.newImage() == null
                        || c.oldImage() != null && c.oldImage().equals(c.newImage())) {
                    continue;
                }
                ++lastSequence;
                added.add(new Record(lastSequence, now, bytes(recordJson(s, c, lastSequence, now))));
            }
            if (added.isEmpty()) {
                return;
            }
            append(s, added);
            s.records.addAll(added);
            trim(s);
        }
        for (Consumer<String> l : listeners) {
            try {
                l.accept(arn);
            } catch (RuntimeException e) {
                LOG.warn("stream listener failed for {}", arn, e);
            }
        }
    }

    // ---- table lifecycle (CreateTable / UpdateTable / DeleteTable / DescribeTable) ----

    /** Checks a StreamSpecification before the table operation runs, so a bad one changes nothing. */
    static void validateSpecification(JsonNode spec) {
        if (spec == null || spec.isNull()) {
            return;
        }
        if (!spec.isObject() || !spec.path("StreamEnabled").isBoolean()) {
            throw AwsException.validation("1 validation error detected: Value null at 'streamSpecification."
                    + "streamEnabled' failed to satisfy constraint: Member must not be null");
        }
        JsonNode type = spec.get("StreamViewType");
        if (spec.get("StreamEnabled").asBoolean()) {
            if (type == null || !VIEW_TYPES.contains(type.asText())) {
                throw AwsException.validation("One or more parameter values were invalid: "
                        + "StreamViewType is required and must be one of " + VIEW_TYPES + " when streams are enabled");
            }
        } else if (type != null && !type.isNull()) {
            throw AwsException.validation("One or more parameter values were invalid: "
                    + "StreamViewType cannot be specified when StreamEnabled is false");
        }
    }

    /** A new stream for {@code table} (CreateTable or UpdateTable enabling streams). */
    synchronized void enable(String table, String viewType, List<String> keyNames) {
        if (enabledStream(table) != null) {
            throw AwsException.validation("Table already has an enabled stream: " + enabledStream(table).arn);
        }
        Instant now = clock.instant();
        String label = LABEL.format(now);
        String arn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table + "/stream/" + label;
        if (byArn.containsKey(arn)) { // enabled again within the same millisecond of a frozen clock
            label = LABEL.format(now.plusMillis(byArn.size()));
            arn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table + "/stream/" + label;
        }
        Path file = dir.resolve(table + "@" + label.replace(':', '-') + ".jsonl");
        Stream s = new Stream(arn, table, label, viewType, keyNames, now, lastSequence + 1, file);
        byArn.put(arn, s);
        saveRegistry();
        LOG.info("stream {} enabled ({})", arn, viewType);
    }

    /** Streams stop when disabled or when the table is deleted; their records stay readable for 24 h. */
    synchronized void disable(String table) {
        Stream s = enabledStream(table);
        if (s == null) {
            return;
        }
        s.enabled = false;
        s.endSequence = s.lastSequence();
        saveRegistry();
    }

    /** The table is gone: its streams end and no longer describe a table created again under its name. */
    synchronized void tableDeleted(String table) {
        disable(table);
        for (Stream s : byArn.values()) {
            if (s.table.equals(table)) {
                s.tableDeleted = true;
            }
        }
        saveRegistry();
    }

    synchronized boolean hasEnabledStream(String table) {
        return enabledStream(table) != null;
    }

    /** Adds StreamSpecification / LatestStreamArn / LatestStreamLabel to a table description, as AWS has them. */
    synchronized void describeInto(ObjectNode tableDescription) {
        String table = tableDescription.path("TableName").asText();
        Stream latest = null;
        for (Stream s : byArn.values()) {
            if (s.table.equals(table) && !s.tableDeleted) {
                latest = s;
            }
        }
        if (latest == null) {
            return;
        }
        if (latest.enabled) {
            tableDescription.putObject("StreamSpecification").put("StreamEnabled", true)
                    .put("StreamViewType", latest.viewType);
        }
        tableDescription.put("LatestStreamArn", latest.arn).put("LatestStreamLabel", latest.label);
    }

    // ---- the DynamoDB Streams API ----

    ObjectNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "ListStreams" -> listStreams(request);
            case "DescribeStream" -> describeStream(request);
            case "GetShardIterator" -> getShardIterator(request);
            case "GetRecords" -> getRecords(request);
            default -> throw AwsException.unknownOperation(operation);
        };
    }

    private synchronized ObjectNode listStreams(ObjectNode request) {
        String table = request.path("TableName").asText(null);
        int limit = limit(request, 100, 100);
        String after = request.path("ExclusiveStartStreamArn").asText(null);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("Streams");
        boolean started = after == null;
        String last = null;
        for (Stream s : byArn.values()) {
            if (!started) {
                started = s.arn.equals(after);
                continue;
            }
            if (table != null && !s.table.equals(table)) {
                continue;
            }
            if (list.size() == limit) {
                out.put("LastEvaluatedStreamArn", last);
                break;
            }
            list.addObject().put("StreamArn", s.arn).put("TableName", s.table).put("StreamLabel", s.label);
            last = s.arn;
        }
        return out;
    }

    private synchronized ObjectNode describeStream(ObjectNode request) {
        Stream s = stream(text(request, "StreamArn", "streamArn"));
        trim(s);
        ObjectNode out = json.createObjectNode();
        ObjectNode d = out.putObject("StreamDescription");
        d.put("StreamArn", s.arn).put("StreamLabel", s.label).put("StreamStatus", s.enabled ? "ENABLED" : "DISABLED")
                .put("StreamViewType", s.viewType).put("CreationRequestDateTime", epochSeconds(s.created))
                .put("TableName", s.table);
        ArrayNode keys = d.putArray("KeySchema");
        for (int i = 0; i < s.keyNames.size(); i++) {
            keys.addObject().put("AttributeName", s.keyNames.get(i)).put("KeyType", i == 0 ? "HASH" : "RANGE");
        }
        String startAfter = request.path("ExclusiveStartShardId").asText(null);
        ArrayNode shards = d.putArray("Shards");
        if (startAfter == null || !startAfter.equals(s.shardId())) {
            ObjectNode shard = shards.addObject().put("ShardId", s.shardId());
            ObjectNode range = shard.putObject("SequenceNumberRange")
                    .put("StartingSequenceNumber", sequence(Math.max(s.startSequence, s.trimmedUpTo + 1)));
            if (!s.enabled) {
                range.put("EndingSequenceNumber", sequence(Math.max(s.endSequence, s.startSequence)));
            }
        }
        return out;
    }

    private synchronized ObjectNode getShardIterator(ObjectNode request) {
        Stream s = stream(text(request, "StreamArn", "streamArn"));
        String shardId = text(request, "ShardId", "shardId");
        if (!shardId.equals(s.shardId())) {
            throw notFound("Requested resource not found: Shard does not exist");
        }
        trim(s);
        String type = text(request, "ShardIteratorType", "shardIteratorType");
        long from = switch (type) {
            case "TRIM_HORIZON" -> s.trimmedUpTo + 1;
            case "LATEST" -> s.lastSequence() + 1;
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                long n = parseSequence(request.path("SequenceNumber").asText(null));
                if (n <= s.trimmedUpTo) {
                    throw trimmed("Sequence number " + request.get("SequenceNumber").asText()
                            + " is beyond the trim horizon of " + s.arn);
                }
                yield type.equals("AT_SEQUENCE_NUMBER") ? n : n + 1;
            }
            default -> throw AwsException.validation("1 validation error detected: Value '" + type + "' at "
                    + "'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
        };
        return json.createObjectNode().put("ShardIterator", iterator(s, from));
    }

    private synchronized ObjectNode getRecords(ObjectNode request) {
        String token = text(request, "ShardIterator", "shardIterator");
        int limit = limit(request, 1000, 1000);
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
        } catch (IllegalArgumentException e) {
            throw AwsException.validation("Invalid ShardIterator");
        }
        if (parts.length != 4) {
            throw AwsException.validation("Invalid ShardIterator");
        }
        Stream s = stream(parts[0]);
        long from;
        long issued;
        try {
            from = Long.parseLong(parts[2]);
            issued = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            throw AwsException.validation("Invalid ShardIterator");
        }
        if (clock.millis() - issued > ITERATOR_LIFETIME.toMillis()) {
            throw new AwsException("ExpiredIteratorException", "Iterator expired. The iterator was created at time "
                    + Instant.ofEpochMilli(issued) + " while right now it is " + clock.instant()
                    + ". The iterator is valid for 15 minutes.", 400);
        }
        trim(s);
        if (from <= s.trimmedUpTo) {
            throw trimmed("The iterator points to records that are beyond the trim horizon of " + s.arn);
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("Records");
        long next = from;
        for (Record r : s.records) {
            if (records.size() >= limit) {
                break;
            }
            if (r.sequence() >= from) {
                records.add(r.json());
                next = r.sequence() + 1;
            }
        }
        // A disabled stream's shard is closed: once read to its end there is no next iterator.
        if (s.enabled || next <= s.endSequence) {
            out.put("NextShardIterator", iterator(s, next));
        }
        return out;
    }

    // ---- records ----

    private ObjectNode recordJson(Stream s, Change c, long sequence, Instant now) {
        String name = c.oldImage() == null ? "INSERT" : c.newImage() == null ? "REMOVE" : "MODIFY";
        ObjectNode r = json.createObjectNode();
        r.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        r.put("eventName", name);
        r.put("eventVersion", "1.1");
        r.put("eventSource", "aws:dynamodb");
        r.put("awsRegion", region);
        ObjectNode d = r.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", now.getEpochSecond());
        d.set("Keys", c.keys());
        if (c.newImage() != null && (s.viewType.equals("NEW_IMAGE") || s.viewType.equals("NEW_AND_OLD_IMAGES"))) {
            d.set("NewImage", c.newImage());
        }
        if (c.oldImage() != null && (s.viewType.equals("OLD_IMAGE") || s.viewType.equals("NEW_AND_OLD_IMAGES"))) {
            d.set("OldImage", c.oldImage());
        }
        d.put("SequenceNumber", sequence(sequence));
        d.put("SizeBytes", ItemSize.of(d.path("Keys")) + ItemSize.of(d.path("NewImage"))
                + ItemSize.of(d.path("OldImage")));
        d.put("StreamViewType", s.viewType);
        if (c.byService()) {
            // The Streams API capitalises these; Lambda's event has them as "type"/"principalId".
            r.putObject("userIdentity").put("PrincipalId", "dynamodb.amazonaws.com").put("Type", "Service");
        }
        return r;
    }

    /** Drops records older than the retention period. Caller holds this. */
    private void trim(Stream s) {
        Instant horizon = clock.instant().minus(RETENTION);
        Iterator<Record> it = s.records.iterator();
        int dropped = 0;
        while (it.hasNext()) {
            Record r = it.next();
            if (!r.created().isBefore(horizon)) {
                break;
            }
            s.trimmedUpTo = r.sequence();
            it.remove();
            dropped++;
        }
        s.trimmedSinceRewrite += dropped;
        if (s.trimmedSinceRewrite >= REWRITE_AFTER_TRIMMED) {
            rewrite(s);
        }
    }

    private void append(Stream s, List<Record> added) {
        try (BufferedWriter w = Files.newBufferedWriter(s.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (Record r : added) {
                w.write(line(r));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to stream file " + s.file, e);
        }
    }

    private void rewrite(Stream s) {
        Path tmp = s.file.resolveSibling(s.file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Record r : s.records) {
                w.write(line(r));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite stream file " + s.file, e);
        }
        try {
            Files.move(tmp, s.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite stream file " + s.file, e);
        }
        s.trimmedSinceRewrite = 0;
        saveRegistry(); // keeps trimmedUpTo, which the rewritten file no longer shows
    }

    private static String line(Record r) {
        return "{\"seq\":" + r.sequence() + ",\"at\":" + r.created().toEpochMilli() + ",\"record\":"
                + new String(r.bytes(), StandardCharsets.UTF_8) + "}";
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a stream record", e);
        }
    }

    // ---- persistence ----

    private void load() {
        try {
            Files.createDirectories(dir);
            Path registry = dir.resolve("streams.json");
            if (!Files.exists(registry)) {
                return;
            }
            JsonNode root = json.readTree(registry.toFile());
            lastSequence = root.path("lastSequence").asLong(0);
            for (JsonNode n : root.path("streams")) {
                List<String> keys = new ArrayList<>();
                n.path("keyNames").forEach(k -> keys.add(k.asText()));
                Stream s = new Stream(n.path("arn").asText(), n.path("table").asText(), n.path("label").asText(),
                        n.path("viewType").asText(), keys, Instant.ofEpochMilli(n.path("created").asLong()),
                        n.path("startSequence").asLong(), dir.resolve(n.path("file").asText()));
                s.enabled = n.path("enabled").asBoolean();
                s.tableDeleted = n.path("tableDeleted").asBoolean();
                s.endSequence = n.path("endSequence").asLong(0);
                s.trimmedUpTo = n.path("trimmedUpTo").asLong(0);
                loadRecords(s);
                lastSequence = Math.max(lastSequence, s.lastSequence());
                byArn.put(s.arn, s);
            }
            for (Stream s : byArn.values()) {
                trim(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DynamoDB streams from " + dir, e);
        }
    }

    private void loadRecords(Stream s) throws IOException {
        if (!Files.exists(s.file)) {
            return;
        }
        List<String> lines = Files.readAllLines(s.file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = json.readTree(text);
            } catch (IOException e) {
                // Only the last line can be torn (a crash while appending); anything else is corruption.
                if (i == lines.size() - 1) {
                    LOG.warn("ignoring a torn last record in {}", s.file);
                    continue;
                }
                throw e;
            }
            s.records.add(new Record(line.path("seq").asLong(), Instant.ofEpochMilli(line.path("at").asLong()),
                    bytes((ObjectNode) line.path("record"))));
        }
    }

    private void saveRegistry() {
        ObjectNode root = json.createObjectNode().put("lastSequence", lastSequence);
        ArrayNode list = root.putArray("streams");
        for (Stream s : byArn.values()) {
            ObjectNode n = list.addObject().put("arn", s.arn).put("table", s.table).put("label", s.label)
                    .put("viewType", s.viewType).put("created", s.created.toEpochMilli())
                    .put("startSequence", s.startSequence).put("file", s.file.getFileName().toString())
                    .put("enabled", s.enabled).put("tableDeleted", s.tableDeleted).put("endSequence", s.endSequence).put("trimmedUpTo", s.trimmedUpTo);
            ArrayNode keys = n.putArray("keyNames");
            s.keyNames.forEach(keys::add);
        }
        Path registry = dir.resolve("streams.json");
        Path tmp = dir.resolve("streams.json.tmp");
        try {
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, registry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + registry, e);
        }
    }

    // ---- helpers ----

    private Stream enabledStream(String table) {
        for (Stream s : byArn.values()) {
            if (s.enabled && s.table.equals(table)) {
                return s;
            }
        }
        return null;
    }

    private Stream stream(String arn) {
        Stream s = arn == null ? null : byArn.get(arn);
        if (s == null) {
            throw notFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return s;
    }

    private String iterator(Stream s, long from) {
        String raw = s.arn + "|" + s.shardId() + "|" + from + "|" + clock.millis();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A sequence number as the API shows it (fixed width, so it also sorts as text). */
    public static String sequence(long n) {
        return String.format("%021d", n);
    }

    private static long parseSequence(String text) {
        if (text == null || text.isEmpty()) {
            throw AwsException.validation("SequenceNumber is required for AT_SEQUENCE_NUMBER and "
                    + "AFTER_SEQUENCE_NUMBER iterators");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw AwsException.validation("Invalid SequenceNumber: " + text);
        }
    }

    private static String text(ObjectNode request, String field, String constraintName) {
        JsonNode v = request.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at '" + constraintName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    private static int limit(ObjectNode request, int max, int dflt) {
        JsonNode v = request.get("Limit");
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > max) {
            throw AwsException.validation("1 validation error detected: Value '" + v.asText() + "' at 'limit' "
                    + "failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return v.asInt();
    }

    private static double epochSeconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", message, 400);
    }

    private static AwsException trimmed(String message) {
        return new AwsException("TrimmedDataAccessException", message, 400);
    }
}
