package dam.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dam.local.clock.LocalClock;
import dam.local.events.Calls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dam.local.events.Calls.error;
import static dam.local.events.Calls.q;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqsProviderTest {

    @TempDir
    Path dir;
    private LocalClock clock;
    private SqsProvider sqs;
    private String url;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
        sqs = new SqsProvider(clock, dir);
        url = call("CreateQueue", "{\"QueueName\":\"work\"}").get("QueueUrl").asText();
    }

    @AfterEach
    void stop() {
        sqs.close();
        clock.close();
    }

    private JsonNode call(String op, String body) {
        return Calls.json(sqs, "sqs", op, body);
    }

    private JsonNode send(String body) {
        return call("SendMessage", "{\"QueueUrl\":" + q(url) + ",\"MessageBody\":" + q(body) + "}");
    }

    private JsonNode receive(String extra) {
        return call("ReceiveMessage", "{\"QueueUrl\":" + q(url) + ",\"MaxNumberOfMessages\":10" + extra + "}");
    }

    private int count(String attribute) {
        return call("GetQueueAttributes", "{\"QueueUrl\":" + q(url) + ",\"AttributeNames\":[\"All\"]}")
                .get("Attributes").get(attribute).asInt();
    }

    @Test
    void sendReceiveDeleteWithMd5sAndAttributes() throws Exception {
        assertEquals("http://127.0.0.1:4566/000000000000/work", url);
        JsonNode sent = call("SendMessage", "{\"QueueUrl\":" + q(url) + ",\"MessageBody\":\"hello\","
                + "\"MessageAttributes\":{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"brief\"},"
                + "\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"},"
                + "\"raw\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AQID\"}}}");
        assertEquals("5d41402abc4b2a76b9719d911017c592", sent.get("MD5OfMessageBody").asText());
        String expectedAttrMd5 = attributesMd5(new String[][]{{"kind", "String", "brief"}, {"n", "Number", "7"}},
                "raw", new byte[]{1, 2, 3});
        assertEquals(expectedAttrMd5, sent.get("MD5OfMessageAttributes").asText());

        JsonNode msg = receive(",\"MessageAttributeNames\":[\"All\"],\"MessageSystemAttributeNames\":[\"All\"]}")
                .get("Messages").get(0);
        assertEquals("hello", msg.get("Body").asText());
        assertEquals(sent.get("MessageId").asText(), msg.get("MessageId").asText());
        assertEquals("5d41402abc4b2a76b9719d911017c592", msg.get("MD5OfBody").asText());
        assertEquals(expectedAttrMd5, msg.get("MD5OfMessageAttributes").asText());
        assertEquals("brief", msg.get("MessageAttributes").get("kind").get("StringValue").asText());
        assertEquals("1", msg.get("Attributes").get("ApproximateReceiveCount").asText());
        assertEquals(Long.toString(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli()),
                msg.get("Attributes").get("SentTimestamp").asText());

        JsonNode inFlight = call("ReceiveMessage", "{\"QueueUrl\":" + q(url) + ",\"VisibilityTimeout\":0}");
        assertFalse(inFlight.has("Messages"), "still in flight");
        call("DeleteMessage", "{\"QueueUrl\":" + q(url) + ",\"ReceiptHandle\":" + q(msg.get("ReceiptHandle").asText()) + "}");
        clock.advance(Duration.ofMinutes(5));
        assertFalse(receive("}").has("Messages"));
        assertEquals(0, count("ApproximateNumberOfMessages"));
    }

    /** The SQS attribute digest, written out independently from the spec with DataOutputStream. */
    private static String attributesMd5(String[][] stringAttrs, String binaryName, byte[] binary) throws IOException, java.security.NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        java.util.TreeMap<String, Object[]> sorted = new java.util.TreeMap<>();
        for (String[] a : stringAttrs) {
            sorted.put(a[0], new Object[]{a[1], a[2].getBytes(StandardCharsets.UTF_8), 1});
        }
        sorted.put(binaryName, new Object[]{"Binary", binary, 2});
        for (Map.Entry<String, Object[]> e : sorted.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] type = ((String) e.getValue()[0]).getBytes(StandardCharsets.UTF_8);
            byte[] value = (byte[]) e.getValue()[1];
            out.writeInt(name.length);
            out.write(name);
            out.writeInt(type.length);
            out.write(type);
            out.write((Integer) e.getValue()[2]);
            out.writeInt(value.length);
            out.write(value);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes.toByteArray()));
    }

    @Test
    void visibilityTimeoutRunsOnTheLocalClock() {
        send("job");
        JsonNode first = receive(",\"VisibilityTimeout\":30,\"AttributeNames\":[\"ApproximateReceiveCount\"]}").get("Messages").get(0);
        assertFalse(receive("}").has("Messages"));
        assertEquals(1, count("ApproximateNumberOfMessagesNotVisible"));
        clock.advance(Duration.ofSeconds(29));
        assertFalse(receive("}").has("Messages"));
        clock.advance(Duration.ofSeconds(1));
        JsonNode again = receive(",\"AttributeNames\":[\"All\"]}").get("Messages").get(0);
        assertEquals("2", again.get("Attributes").get("ApproximateReceiveCount").asText());
        assertNotEquals(first.get("ReceiptHandle").asText(), again.get("ReceiptHandle").asText());
    }

    @Test
    void delaySecondsHideNewMessages() {
        call("SendMessage", "{\"QueueUrl\":" + q(url) + ",\"MessageBody\":\"later\",\"DelaySeconds\":10}");
        assertEquals(1, count("ApproximateNumberOfMessagesDelayed"));
        assertFalse(receive("}").has("Messages"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("later", receive("}").get("Messages").get(0).get("Body").asText());
    }

    @Test
    void longPollWaitsForASendWithoutBusyLooping() {
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> receive(",\"WaitTimeSeconds\":20}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sqs.waitingPollers() == 1);
        assertFalse(poll.isDone());
        send("wake up");
        JsonNode got = poll.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        assertEquals("wake up", got.get("Messages").get(0).get("Body").asText());
    }

    @Test
    void longPollEndsEmptyWhenTheClockPassesTheWaitTime() {
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> receive(",\"WaitTimeSeconds\":20}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sqs.waitingPollers() == 1);
        clock.advance(Duration.ofSeconds(20));
        JsonNode got = poll.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        assertFalse(got.has("Messages"));
    }

    @Test
    void messagesSurviveARestartIncludingInFlightState() {
        send("one");
        send("two");
        receive(",\"MaxNumberOfMessages\":1,\"VisibilityTimeout\":60}");
        sqs.close();
        sqs = new SqsProvider(clock, dir);
        assertEquals(1, count("ApproximateNumberOfMessages"));
        assertEquals(1, count("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("two", receive("}").get("Messages").get(0).get("Body").asText());
        clock.advance(Duration.ofSeconds(60));
        JsonNode redelivered = receive(",\"AttributeNames\":[\"All\"]}").get("Messages").get(0);
        assertEquals("one", redelivered.get("Body").asText());
        assertEquals("2", redelivered.get("Attributes").get("ApproximateReceiveCount").asText());
    }

    @Test
    void redrivePolicyMovesPoisonMessagesToTheDeadLetterQueue() {
        String dlqUrl = call("CreateQueue", "{\"QueueName\":\"work-dlq\"}").get("QueueUrl").asText();
        call("SetQueueAttributes", "{\"QueueUrl\":" + q(url) + ",\"Attributes\":{\"RedrivePolicy\":"
                + q("{\"deadLetterTargetArn\":\"" + SqsProvider.arn("work-dlq") + "\",\"maxReceiveCount\":2}") + "}}");
        send("poison");
        for (int i = 0; i < 2; i++) {
            assertTrue(receive(",\"VisibilityTimeout\":5}").has("Messages"));
            clock.advance(Duration.ofSeconds(5));
        }
        assertFalse(receive("}").has("Messages"), "third receive moves it instead of returning it");
        JsonNode dead = call("ReceiveMessage", "{\"QueueUrl\":" + q(dlqUrl) + "}").get("Messages").get(0);
        assertEquals("poison", dead.get("Body").asText());
        error("InvalidAttributeValue", () -> call("SetQueueAttributes", "{\"QueueUrl\":" + q(url)
                + ",\"Attributes\":{\"RedrivePolicy\":\"{\\\"maxReceiveCount\\\":0}\"}}"));
    }

    @Test
    void batchesAreAllOrNothingOnMalformedRequests() {
        error("BatchEntryIdsNotDistinct", () -> call("SendMessageBatch", "{\"QueueUrl\":" + q(url) + ",\"Entries\":["
                + "{\"Id\":\"a\",\"MessageBody\":\"1\"},{\"Id\":\"a\",\"MessageBody\":\"2\"}]}"));
        error("EmptyBatchRequest", () -> call("SendMessageBatch", "{\"QueueUrl\":" + q(url) + ",\"Entries\":[]}"));
        assertEquals(0, count("ApproximateNumberOfMessages"));
        JsonNode r = call("SendMessageBatch", "{\"QueueUrl\":" + q(url) + ",\"Entries\":["
                + "{\"Id\":\"a\",\"MessageBody\":\"1\"},{\"Id\":\"b\",\"MessageBody\":\"2\",\"MessageAttributes\":"
                + "{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"not a number\"}}}]}");
        assertEquals(1, r.get("Successful").size());
        assertEquals("b", r.get("Failed").get(0).get("Id").asText());
        JsonNode msgs = receive("}").get("Messages");
        assertEquals(1, msgs.size());
        JsonNode del = call("DeleteMessageBatch", "{\"QueueUrl\":" + q(url) + ",\"Entries\":[{\"Id\":\"x\",\"ReceiptHandle\":"
                + q(msgs.get(0).get("ReceiptHandle").asText()) + "},{\"Id\":\"y\",\"ReceiptHandle\":\"garbage!\"}]}");
        assertEquals(1, del.get("Successful").size());
        assertEquals("ReceiptHandleIsInvalid", del.get("Failed").get(0).get("Code").asText());
        assertEquals(0, count("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void queueLifecycleAndErrors() {
        call("CreateQueue", "{\"QueueName\":\"other\"}");
        assertEquals(url, call("CreateQueue", "{\"QueueName\":\"work\"}").get("QueueUrl").asText(), "idempotent create");
        error("QueueNameExists", () -> call("CreateQueue", "{\"QueueName\":\"work\",\"Attributes\":{\"VisibilityTimeout\":\"5\"}}"));
        error("InvalidParameterValue", () -> call("CreateQueue", "{\"QueueName\":\"bad name\"}"));
        error("InvalidParameterValue", () -> call("CreateQueue", "{\"QueueName\":\"q.fifo\"}"));
        error("InvalidAttributeName", () -> call("CreateQueue", "{\"QueueName\":\"x\",\"Attributes\":{\"Colour\":\"red\"}}"));
        assertEquals(2, call("ListQueues", "{}").get("QueueUrls").size());
        assertEquals(1, call("ListQueues", "{\"QueueNamePrefix\":\"ot\"}").get("QueueUrls").size());
        assertEquals(url, call("GetQueueUrl", "{\"QueueName\":\"work\"}").get("QueueUrl").asText());
        error("QueueDoesNotExist", () -> call("GetQueueUrl", "{\"QueueName\":\"nope\"}"));
        error("ReceiptHandleIsInvalid", () -> call("DeleteMessage", "{\"QueueUrl\":" + q(url) + ",\"ReceiptHandle\":\"@@\"}"));
        error("InvalidMessageContents", () -> send("bad \u0001 char"));
        error("SerializationException", () -> call("SendMessage", "{\"QueueUrl\":"));
        error("ValidationException", () -> call("ReceiveMessage", "{\"QueueUrl\":" + q(url) + ",\"MaxNumberOfMessages\":11}"));
        send("x");
        call("PurgeQueue", "{\"QueueUrl\":" + q(url) + "}");
        assertEquals(0, count("ApproximateNumberOfMessages"));
        call("DeleteQueue", "{\"QueueUrl\":" + q(url) + "}");
        error("QueueDoesNotExist", () -> send("gone"));
        sqs.close();
        sqs = new SqsProvider(clock, dir);
        assertEquals(1, call("ListQueues", "{}").get("QueueUrls").size(), "deleted queue stays deleted");
    }
}
