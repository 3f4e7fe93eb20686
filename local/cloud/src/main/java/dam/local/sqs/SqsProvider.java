package dam.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import dam.local.events.DeliveryException;
import dam.local.events.Json;
import dam.local.events.StateFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local SQS (standard queues) over the AWS JSON 1.0 protocol that SDK v2 speaks to SQS (target prefix "AmazonSQS").
 * Every queue and its messages live in {@code stateDir/queues/NAME.json}, rewritten atomically on each change, so
 * messages survive restarts. Visibility timeouts, delays and long polls run on the {@link LocalClock}; a long poll
 * waits on a monitor (no busy loop) and ends when a message becomes receivable, or when the local clock or the
 * wall clock has passed WaitTimeSeconds (so a frozen test clock never blocks a poll for longer than it asked).
 * Not supported: FIFO queues, the query (XML) protocol, tags, permissions.
 */
public final class SqsProvider implements ServiceProvider {

    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Set<String> SETTABLE = Set.of("VisibilityTimeout", "DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "Policy", "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "RedriveAllowPolicy");
    private static final List<String> SYSTEM_ATTRIBUTES = List.of("SenderId", "SentTimestamp",
            "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp");

    private final LocalClock clock;
    private final Path queueDir;
    private final String baseUrl;
    private final Map<String, SqsQueue> queues = new TreeMap<>();
    private int waitingPollers;
    private boolean closed;

    public SqsProvider(LocalClock clock, Path stateDir) {
        this(clock, stateDir, "http://127.0.0.1:4566");
    }

    /** @param baseUrl the edge URL queue URLs are built on, e.g. {@code http://127.0.0.1:4566} */
    public SqsProvider(LocalClock clock, Path stateDir, String baseUrl) {
        this.clock = clock;
        this.queueDir = stateDir.resolve("queues");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        load();
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("sqs");
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of("AmazonSQS");
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String op = request.operation();
        if (op == null) {
            throw AwsException.unknownOperation("(none): the local SQS speaks only the AWS JSON 1.0 protocol");
        }
        ObjectNode in = Json.body(request);
        ObjectNode out = switch (op) {
            case "CreateQueue" -> createQueue(in);
            case "GetQueueUrl" -> getQueueUrl(in);
            case "ListQueues" -> listQueues(in);
            case "DeleteQueue" -> deleteQueue(in);
            case "GetQueueAttributes" -> getQueueAttributes(in);
            case "SetQueueAttributes" -> setQueueAttributes(in);
            case "PurgeQueue" -> purgeQueue(in);
            case "SendMessage" -> sendMessage(in);
            case "SendMessageBatch" -> sendMessageBatch(in);
            case "ReceiveMessage" -> receiveMessage(in);
            case "DeleteMessage" -> deleteMessage(in);
            case "DeleteMessageBatch" -> deleteMessageBatch(in);
            case "ChangeMessageVisibility" -> changeMessageVisibility(in);
            default -> throw AwsException.unknownOperation(op);
        };
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_0, Json.write(out));
    }

    // ---- Java API for other providers ---------------------------------------------------------------------------

    /** Sends {@code body} to the queue with this ARN (EventBridge / Scheduler targets and DLQs). */
    public String sendMessage(String queueArn, String body, Map<String, String> stringAttributes)
            throws DeliveryException {
        Map<String, SqsMessage.Attribute> attrs = new LinkedHashMap<>();
        stringAttributes.forEach((k, v) -> attrs.put(k, new SqsMessage.Attribute("String", v, null)));
        synchronized (this) {
            SqsQueue q = queues.get(nameFromArn(queueArn));
            if (q == null) {
                throw new DeliveryException("ResourceNotFoundException", "Queue " + queueArn + " does not exist", false);
            }
            try {
                return store(q, body, attrs, null).id;
            } catch (AwsException e) {
                throw new DeliveryException(e.code(), e.getMessage(), false, e);
            }
        }
    }

    /** Target delivery: the input becomes the message body. */
    public void deliver(String queueArn, String body) throws DeliveryException {
        sendMessage(queueArn, body, Map.of());
    }

    public static String arn(String queueName) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName;
    }

    public String queueUrl(String queueName) {
        return baseUrl + "/" + ACCOUNT + "/" + queueName;
    }

    /** Number of ReceiveMessage calls currently long-polling (lets tests await a poller without sleeping). */
    public synchronized int waitingPollers() {
        return waitingPollers;
    }

    // ---- queues ---------------------------------------------------------------------------------------------------

    private synchronized ObjectNode createQueue(ObjectNode in) {
        String name = Json.required(in, "QueueName");
        if (name.endsWith(".fifo") || "true".equalsIgnoreCase(attributesIn(in).get("FifoQueue"))) {
            throw error("InvalidParameterValue", "FIFO queues are not supported by the local SQS");
        }
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw error("InvalidParameterValue", "Queue name must be 1-80 characters of A-Z, a-z, 0-9, '-' or '_': " + name);
        }
        Map<String, String> requested = validatedAttributes(attributesIn(in));
        SqsQueue existing = queues.get(name);
        if (existing != null) {
            for (Map.Entry<String, String> e : requested.entrySet()) {
                if (!e.getValue().equals(existing.attributes.get(e.getKey()))) {
                    throw error("QueueNameExists", "A queue already exists with the same name and a different value for attribute " + e.getKey());
                }
            }
        } else {
            SqsQueue q = new SqsQueue(name, clock.instant(), new StateFile(queueDir.resolve(name + ".json")));
            q.attributes.putAll(requested);
            q.save();
            queues.put(name, q);
        }
        ObjectNode out = Json.object();
        out.put("QueueUrl", queueUrl(name));
        return out;
    }

    private synchronized ObjectNode getQueueUrl(ObjectNode in) {
        String name = Json.required(in, "QueueName");
        queue(queueUrl(name));
        ObjectNode out = Json.object();
        out.put("QueueUrl", queueUrl(name));
        return out;
    }

    private synchronized ObjectNode listQueues(ObjectNode in) {
        String prefix = Json.text(in, "QueueNamePrefix");
        int max = Json.intIn(in, "MaxResults", 1, 1000, 1000);
        ArrayNode urls = Json.MAPPER.createArrayNode();
        queues.keySet().stream().filter(n -> prefix == null || n.startsWith(prefix)).limit(max)
                .forEach(n -> urls.add(queueUrl(n)));
        ObjectNode out = Json.object();
        if (!urls.isEmpty()) {
            out.set("QueueUrls", urls);
        }
        return out;
    }

    private synchronized ObjectNode deleteQueue(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        q.deleteFile();
        queues.remove(q.name);
        notifyAll();
        return Json.object();
    }

    private synchronized ObjectNode purgeQueue(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        q.messages.clear();
        q.save();
        return Json.object();
    }

    private synchronized ObjectNode getQueueAttributes(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        Set<String> names = new HashSet<>();
        in.path("AttributeNames").forEach(n -> names.add(n.asText()));
        boolean all = names.contains("All");
        Instant now = clock.instant();
        Map<String, String> values = new TreeMap<>(q.attributes);
        long visible = q.messages.values().stream().filter(m -> !m.visibleAt.isAfter(now)).count();
        long delayed = q.messages.values().stream().filter(m -> m.visibleAt.isAfter(now) && m.receiveCount == 0).count();
        values.put("ApproximateNumberOfMessages", Long.toString(visible));
        values.put("ApproximateNumberOfMessagesDelayed", Long.toString(delayed));
        values.put("ApproximateNumberOfMessagesNotVisible", Long.toString(q.messages.size() - visible - delayed));
        values.put("CreatedTimestamp", Long.toString(q.createdAt.getEpochSecond()));
        values.put("LastModifiedTimestamp", Long.toString(q.modifiedAt.getEpochSecond()));
        values.put("QueueArn", arn(q.name));
        for (String n : names) {
            if (!all && !values.containsKey(n) && !SETTABLE.contains(n)) {
                throw error("InvalidAttributeName", "Unknown Attribute " + n + ".");
            }
        }
        ObjectNode attrs = Json.object();
        values.forEach((k, v) -> {
            if (all || names.contains(k)) {
                attrs.put(k, v);
            }
        });
        ObjectNode out = Json.object();
        if (!attrs.isEmpty()) {
            out.set("Attributes", attrs);
        }
        return out;
    }

    private synchronized ObjectNode setQueueAttributes(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        q.attributes.putAll(validatedAttributes(attributesIn(in)));
        q.modifiedAt = clock.instant();
        q.save();
        return Json.object();
    }

    // ---- messages -------------------------------------------------------------------------------------------------

    private synchronized ObjectNode sendMessage(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        SqsMessage m = store(q, Json.required(in, "MessageBody"), messageAttributes(in.get("MessageAttributes")),
                in.get("DelaySeconds"));
        return sendResult(m);
    }

    private synchronized ObjectNode sendMessageBatch(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        JsonNode entries = batchEntries(in);
        // Validate every entry before storing any, so a bad batch leaves nothing half-sent.
        long total = 0;
        for (JsonNode e : entries) {
            total += Json.required(e, "MessageBody").getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > q.intAttribute("MaximumMessageSize")) {
            throw error("BatchRequestTooLong", "Batch requests cannot be longer than " + q.intAttribute("MaximumMessageSize") + " bytes");
        }
        ArrayNode ok = Json.MAPPER.createArrayNode();
        ArrayNode failed = Json.MAPPER.createArrayNode();
        for (JsonNode e : entries) {
            String id = e.get("Id").asText();
            try {
                SqsMessage m = store(q, Json.required(e, "MessageBody"), messageAttributes(e.get("MessageAttributes")),
                        e.get("DelaySeconds"));
                ObjectNode r = sendResult(m);
                r.put("Id", id);
                ok.add(r);
            } catch (AwsException ex) {
                failed.add(batchFailure(id, ex));
            }
        }
        ObjectNode out = Json.object();
        out.set("Successful", ok);
        out.set("Failed", failed);
        return out;
    }

    private ObjectNode receiveMessage(ObjectNode in) {
        String url = Json.required(in, "QueueUrl");
        int max = Json.intIn(in, "MaxNumberOfMessages", 1, 10, 1);
        Integer visibility = in.hasNonNull("VisibilityTimeout") ? Json.intIn(in, "VisibilityTimeout", 0, 43_200, 0) : null;
        Set<String> systemNames = names(in, "AttributeNames");
        systemNames.addAll(names(in, "MessageSystemAttributeNames"));
        Set<String> attributeNames = names(in, "MessageAttributeNames");
        synchronized (this) {
            SqsQueue q = queue(url);
            int wait = Json.intIn(in, "WaitTimeSeconds", 0, 20, q.intAttribute("ReceiveMessageWaitTimeSeconds"));
            long realDeadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
            Instant clockDeadline = clock.instant().plusSeconds(wait);
            if (wait > 0) {
                clock.schedule(clockDeadline, this::wakePollers);
            }
            while (true) {
                List<SqsMessage> got = take(q, max, visibility);
                long remainingMs = (realDeadline - System.nanoTime()) / 1_000_000;
                if (!got.isEmpty() || wait == 0 || closed || !clock.instant().isBefore(clockDeadline) || remainingMs <= 0) {
                    ArrayNode msgs = Json.MAPPER.createArrayNode();
                    got.forEach(m -> msgs.add(receivedJson(m, systemNames, attributeNames)));
                    ObjectNode out = Json.object();
                    if (!msgs.isEmpty()) {
                        out.set("Messages", msgs);
                    }
                    return out;
                }
                waitingPollers++;
                try {
                    wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AwsException("InternalError", "ReceiveMessage interrupted", 500, e);
                } finally {
                    waitingPollers--;
                }
                q = queues.get(q.name);
                if (q == null) {
                    throw error("QueueDoesNotExist", "The specified queue does not exist.");
                }
            }
        }
    }

    private synchronized ObjectNode deleteMessage(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        if (q.messages.remove(messageIdOf(Json.required(in, "ReceiptHandle"))) != null) {
            q.save();
        }
        return Json.object();
    }

    private synchronized ObjectNode deleteMessageBatch(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        JsonNode entries = batchEntries(in);
        ArrayNode ok = Json.MAPPER.createArrayNode();
        ArrayNode failed = Json.MAPPER.createArrayNode();
        for (JsonNode e : entries) {
            String id = e.get("Id").asText();
            try {
                q.messages.remove(messageIdOf(Json.required(e, "ReceiptHandle")));
                ok.add(Json.object().put("Id", id));
            } catch (AwsException ex) {
                failed.add(batchFailure(id, ex));
            }
        }
        q.save();
        ObjectNode out = Json.object();
        out.set("Successful", ok);
        out.set("Failed", failed);
        return out;
    }

    private synchronized ObjectNode changeMessageVisibility(ObjectNode in) {
        SqsQueue q = queue(Json.required(in, "QueueUrl"));
        String handle = Json.required(in, "ReceiptHandle");
        int timeout = Json.intIn(in, "VisibilityTimeout", 0, 43_200, 0);
        SqsMessage m = q.messages.get(messageIdOf(handle));
        if (m == null || !handle.equals(m.receiptHandle) || !m.visibleAt.isAfter(clock.instant())) {
            throw error("MessageNotInflight", "The message referred to isn't in flight.");
        }
        m.visibleAt = clock.instant().plusSeconds(timeout);
        armWakeUp(m.visibleAt);
        q.save();
        return Json.object();
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    private SqsMessage store(SqsQueue q, String body, Map<String, SqsMessage.Attribute> attrs, JsonNode delayNode) {
        int max = q.intAttribute("MaximumMessageSize");
        if (body.isEmpty()) {
            throw error("InvalidParameterValue", "The request must contain the parameter MessageBody.");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > max) {
            throw error("InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than " + max + " bytes.");
        }
        if (!validMessageText(body)) {
            throw error("InvalidMessageContents", "Invalid characters found in the message body.");
        }
        int delay = delayNode == null || delayNode.isNull() ? q.intAttribute("DelaySeconds")
                : Json.intIn(Json.object().set("DelaySeconds", delayNode), "DelaySeconds", 0, 900, 0);
        Instant now = clock.instant();
        SqsMessage m = new SqsMessage(UUID.randomUUID().toString(), body, attrs, now, now.plusSeconds(delay));
        q.messages.put(m.id, m);
        q.save();
        if (delay > 0) {
            armWakeUp(m.visibleAt);
        }
        notifyAll();
        return m;
    }

    /** Receivable messages, marked in flight; messages over the redrive maxReceiveCount move to the DLQ instead. */
    private List<SqsMessage> take(SqsQueue q, int max, Integer visibilityOverride) {
        Instant now = clock.instant();
        int visibility = visibilityOverride != null ? visibilityOverride : q.intAttribute("VisibilityTimeout");
        long retention = q.intAttribute("MessageRetentionPeriod");
        JsonNode redrive = Json.parseOrNull(q.attributes.get("RedrivePolicy"));
        List<SqsMessage> got = new ArrayList<>();
        boolean changed = false;
        for (Iterator<SqsMessage> it = q.messages.values().iterator(); it.hasNext() && got.size() < max; ) {
            SqsMessage m = it.next();
            if (m.sentAt.plusSeconds(retention).isBefore(now)) {
                it.remove();
                changed = true;
                continue;
            }
            if (m.visibleAt.isAfter(now)) {
                continue;
            }
            if (redrive != null && m.receiveCount >= redrive.path("maxReceiveCount").asInt(Integer.MAX_VALUE)) {
                SqsQueue dlq = queues.get(nameFromArn(redrive.path("deadLetterTargetArn").asText()));
                if (dlq != null) {
                    it.remove();
                    dlq.messages.put(m.id, m);
                    m.visibleAt = now;
                    dlq.save();
                    changed = true;
                    continue;
                }
            }
            m.receiveCount++;
            if (m.firstReceivedAt == null) {
                m.firstReceivedAt = now;
            }
            m.visibleAt = now.plusSeconds(visibility);
            m.receiptHandle = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((m.id + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
            got.add(m);
            changed = true;
            armWakeUp(m.visibleAt);
        }
        if (changed) {
            q.save();
        }
        return got;
    }

    private ObjectNode receivedJson(SqsMessage m, Set<String> systemNames, Set<String> attributeNames) {
        ObjectNode n = Json.object();
        n.put("MessageId", m.id);
        n.put("ReceiptHandle", m.receiptHandle);
        n.put("MD5OfBody", MessageMd5.ofBody(m.body));
        n.put("Body", m.body);
        boolean allSystem = systemNames.contains("All");
        ObjectNode sys = Json.object();
        Map<String, String> values = Map.of("SenderId", ACCOUNT,
                "SentTimestamp", Long.toString(m.sentAt.toEpochMilli()),
                "ApproximateReceiveCount", Integer.toString(m.receiveCount),
                "ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceivedAt.toEpochMilli()));
        for (String key : SYSTEM_ATTRIBUTES) {
            if (allSystem || systemNames.contains(key)) {
                sys.put(key, values.get(key));
            }
        }
        if (!sys.isEmpty()) {
            n.set("Attributes", sys);
        }
        Map<String, SqsMessage.Attribute> selected = new LinkedHashMap<>();
        m.attributes.forEach((k, v) -> {
            if (attributeSelected(k, attributeNames)) {
                selected.put(k, v);
            }
        });
        if (!selected.isEmpty()) {
            n.put("MD5OfMessageAttributes", MessageMd5.ofAttributes(selected));
            n.set("MessageAttributes", SqsMessage.attributesJson(selected));
        }
        return n;
    }

    private static boolean attributeSelected(String name, Set<String> requested) {
        for (String r : requested) {
            if (r.equals("All") || r.equals(".*") || r.equals(name)
                    || (r.endsWith(".*") && name.startsWith(r.substring(0, r.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode sendResult(SqsMessage m) {
        ObjectNode out = Json.object();
        out.put("MessageId", m.id);
        out.put("MD5OfMessageBody", MessageMd5.ofBody(m.body));
        String attrMd5 = MessageMd5.ofAttributes(m.attributes);
        if (attrMd5 != null) {
            out.put("MD5OfMessageAttributes", attrMd5);
        }
        return out;
    }

    private static ObjectNode batchFailure(String id, AwsException ex) {
        ObjectNode f = Json.object();
        f.put("Id", id);
        f.put("SenderFault", true);
        f.put("Code", ex.code());
        f.put("Message", ex.getMessage());
        return f;
    }

    private static JsonNode batchEntries(ObjectNode in) {
        JsonNode entries = in.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw error("EmptyBatchRequest", "There should be at least one entry in the request.");
        }
        if (entries.size() > 10) {
            throw error("TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode e : entries) {
            String id = e.path("Id").asText("");
            if (!BATCH_ID.matcher(id).matches()) {
                throw error("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw error("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
            }
        }
        return entries;
    }

    private static Map<String, SqsMessage.Attribute> messageAttributes(JsonNode node) {
        Map<String, SqsMessage.Attribute> attrs = SqsMessage.attributesFrom(node);
        if (attrs.size() > 10) {
            throw error("InvalidParameterValue", "Number of message attributes [" + attrs.size() + "] exceeds the allowed maximum [10].");
        }
        attrs.forEach((name, a) -> {
            if (a.dataType() == null || !a.dataType().matches("(String|Number|Binary)(\\..+)?")) {
                throw error("InvalidParameterValue", "The type of message (user) attribute '" + name + "' is invalid.");
            }
            boolean binary = a.dataType().startsWith("Binary");
            if (binary ? a.binaryValue() == null : a.stringValue() == null) {
                throw error("InvalidParameterValue", "The message attribute '" + name + "' must contain a non-empty value of type '" + a.dataType() + "'.");
            }
            if (a.dataType().startsWith("Number") && !a.stringValue().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw error("InvalidParameterValue", "Could not cast message attribute '" + name + "' value to number.");
            }
        });
        return attrs;
    }

    private static Map<String, String> attributesIn(ObjectNode in) {
        Map<String, String> out = new TreeMap<>();
        in.path("Attributes").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private Map<String, String> validatedAttributes(Map<String, String> attrs) {
        Map<String, int[]> ranges = Map.of("VisibilityTimeout", new int[]{0, 43_200}, "DelaySeconds", new int[]{0, 900},
                "MaximumMessageSize", new int[]{1024, 1_048_576}, "MessageRetentionPeriod", new int[]{60, 1_209_600},
                "ReceiveMessageWaitTimeSeconds", new int[]{0, 20});
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            String key = e.getKey();
            if (!SETTABLE.contains(key)) {
                throw error("InvalidAttributeName", "Unknown Attribute " + key + ".");
            }
            int[] range = ranges.get(key);
            if (range != null) {
                long v;
                try {
                    v = Long.parseLong(e.getValue());
                } catch (NumberFormatException ex) {
                    v = Long.MIN_VALUE;
                }
                if (v < range[0] || v > range[1]) {
                    throw error("InvalidAttributeValue", "Invalid value for the parameter " + key + ".");
                }
            }
            if (key.equals("RedrivePolicy")) {
                JsonNode p = Json.parseOrNull(e.getValue());
                if (p == null || !p.path("deadLetterTargetArn").isTextual() || p.path("maxReceiveCount").asInt(0) < 1
                        || p.path("maxReceiveCount").asInt(0) > 1000) {
                    throw error("InvalidAttributeValue", "Value " + e.getValue() + " for parameter RedrivePolicy is invalid. Reason: Redrive policy needs deadLetterTargetArn and maxReceiveCount 1-1000.");
                }
            }
        }
        return attrs;
    }

    private static Set<String> names(ObjectNode in, String field) {
        Set<String> out = new HashSet<>();
        in.path(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    private SqsQueue queue(String url) {
        String[] parts = url.split("/");
        SqsQueue q = queues.get(parts[parts.length - 1]);
        if (q == null) {
            throw error("QueueDoesNotExist", "The specified queue does not exist.");
        }
        return q;
    }

    private static String nameFromArn(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static String messageIdOf(String receiptHandle) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(receiptHandle), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return decoded.substring(0, colon);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the AWS error below
        }
        throw error("ReceiptHandleIsInvalid", "The input receipt handle \"" + receiptHandle + "\" is not a valid receipt handle.");
    }

    /** SQS accepts only XML 1.0 characters in bodies. */
    private static boolean validMessageText(String s) {
        return s.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
    }

    private void armWakeUp(Instant at) {
        clock.schedule(at, this::wakePollers);
    }

    private synchronized void wakePollers() {
        notifyAll();
    }

    private static AwsException error(String code, String message) {
        return new AwsException(code, message, 400);
    }

    private void load() {
        if (!Files.isDirectory(queueDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(queueDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(p -> {
                SqsQueue q = SqsQueue.load(new StateFile(p));
                queues.put(q.name, q);
                q.messages.values().forEach(m -> armWakeUp(m.visibleAt));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQS state in " + queueDir, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
