package dam.local.dynamodb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dam.local.clock.LocalClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams as the AWS SDK sees them: capture of every write kind and the Streams API. */
class DynamoDbStreamsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;
    LocalClock clock;
    DynamoDbProvider provider;
    TinyEdge edge;
    DynamoDbClient ddb;
    DynamoDbStreamsClient streams;

    @BeforeEach
    void start() throws Exception {
        clock = LocalClock.fixed(START);
        open();
    }

    private void open() throws Exception {
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
        edge = new TinyEdge(provider);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        ddb = DynamoDbClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        closeClients();
        clock.close();
    }

    private void closeClients() {
        streams.close();
        ddb.close();
        edge.close();
        provider.close();
    }

    private String createTable(String name, StreamViewType view) {
        ddb.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attr("PK"), attr("SK"))
                    .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE));
            if (view != null) {
                b.streamSpecification(s -> s.streamEnabled(true).streamViewType(view));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ddb.describeTable(b -> b.tableName(name)).table()
                .tableStatus() == TableStatus.ACTIVE);
        return ddb.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static Map<String, AttributeValue> k(String pk, String sk) {
        return Map.of("PK", s(pk), "SK", s(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String title) {
        return Map.of("PK", s(pk), "SK", s(sk), "title", s(title));
    }

    /** Every record of the stream's one shard, read from the trim horizon page by page. */
    private List<Record> allRecords(String streamArn, int pageSize) {
        String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0)
                .shardId();
        String it = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> all = new ArrayList<>();
        while (true) {
            String current = it;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current).limit(pageSize));
            all.addAll(page.records());
            if (page.records().isEmpty() || page.nextShardIterator() == null) {
                return all;
            }
            it = page.nextShardIterator();
        }
    }

    @Test
    void everyKindOfWriteBecomesOneRecordWithExactImagesAndNothingElseDoes() {
        String arn = createTable("dam", StreamViewType.NEW_AND_OLD_IMAGES);
        var described = ddb.describeTable(b -> b.tableName("dam")).table();
        assertNotNull(arn);
        assertTrue(arn.startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/dam/stream/"), arn);
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, described.streamSpecification().streamViewType());
        assertEquals(arn.substring(arn.lastIndexOf('/') + 1), described.latestStreamLabel());

        // INSERT; the caller did not ask for ReturnValues, so it gets none (the provider asked for ALL_OLD)
        var put = ddb.putItem(b -> b.tableName("dam").item(item("A#1", "META", "first")));
        assertFalse(put.hasAttributes());
        // the same item again changes nothing: no record
        ddb.putItem(b -> b.tableName("dam").item(item("A#1", "META", "first")));
        // MODIFY by Put, asking ALL_OLD: the caller gets the old item
        var replaced = ddb.putItem(b -> b.tableName("dam").item(item("A#1", "META", "second"))
                .returnValues(ReturnValue.ALL_OLD));
        assertEquals("first", replaced.attributes().get("title").s());
        // MODIFY by Update, asking UPDATED_NEW: exactly that comes back
        var updated = ddb.updateItem(b -> b.tableName("dam").key(k("A#1", "META"))
                .updateExpression("SET title = :t, n = :n").expressionAttributeValues(Map.of(":t", s("third"),
                        ":n", n(7))).returnValues(ReturnValue.UPDATED_NEW));
        assertEquals(Map.of("title", s("third"), "n", n(7)), updated.attributes());
        // a failed condition writes nothing
        assertThrows(ConditionalCheckFailedException.class, () -> ddb.putItem(b -> b.tableName("dam")
                .item(item("A#1", "META", "never")).conditionExpression("attribute_not_exists(PK)")));
        // REMOVE; deleting it again (missing) records nothing
        ddb.deleteItem(b -> b.tableName("dam").key(k("A#1", "META")));
        ddb.deleteItem(b -> b.tableName("dam").key(k("A#1", "META")));
        // an update that creates the item is an INSERT
        ddb.updateItem(b -> b.tableName("dam").key(k("A#2", "META")).updateExpression("SET title = :t")
                .expressionAttributeValues(Map.of(":t", s("made by update"))));
        // batch: two puts (one new, one replacing) and a delete
        ddb.batchWriteItem(b -> b.requestItems(Map.of("dam", List.of(
                WriteRequest.builder().putRequest(p -> p.item(item("B#1", "META", "batch new"))).build(),
                WriteRequest.builder().putRequest(p -> p.item(item("A#2", "META", "batch replaced"))).build()))));
        ddb.batchWriteItem(b -> b.requestItems(Map.of("dam", List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(k("B#1", "META"))).build()))));
        // a transaction: two records; a cancelled one: none
        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("dam").item(item("T#1", "META", "tx"))).build(),
                TransactWriteItem.builder().update(u -> u.tableName("dam").key(k("A#2", "META"))
                        .updateExpression("SET title = :t")
                        .expressionAttributeValues(Map.of(":t", s("tx updated")))).build()));
        assertThrows(TransactionCanceledException.class, () -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("dam").item(item("T#2", "META", "no"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("dam").key(k("T#1", "META"))
                        .conditionExpression("attribute_not_exists(PK)")).build())));

        List<Record> records = allRecords(arn, 3);

        List<String> kinds = records.stream().map(r -> r.eventName() + " " + r.dynamodb().keys().get("PK").s())
                .toList();
        assertEquals(List.of("INSERT A#1", "MODIFY A#1", "MODIFY A#1", "REMOVE A#1", "INSERT A#2", "INSERT B#1",
                "MODIFY A#2", "REMOVE B#1", "INSERT T#1", "MODIFY A#2"), kinds);
        Record modifiedByUpdate = records.get(2);
        assertEquals(item("A#1", "META", "second"), modifiedByUpdate.dynamodb().oldImage());
        assertEquals(Map.of("PK", s("A#1"), "SK", s("META"), "title", s("third"), "n", n(7)),
                modifiedByUpdate.dynamodb().newImage());
        Record removed = records.get(3);
        assertEquals(modifiedByUpdate.dynamodb().newImage(), removed.dynamodb().oldImage());
        assertFalse(removed.dynamodb().hasNewImage());
        assertFalse(records.get(0).dynamodb().hasOldImage());
        assertEquals(item("A#2", "META", "batch replaced"), records.get(9).dynamodb().oldImage());
        assertEquals(item("A#2", "META", "tx updated"), records.get(9).dynamodb().newImage());
        BigInteger previous = BigInteger.ZERO;
        for (Record r : records) {
            BigInteger seq = new BigInteger(r.dynamodb().sequenceNumber());
            assertTrue(seq.compareTo(previous) > 0, "sequence numbers increase: " + records);
            previous = seq;
            assertEquals("aws:dynamodb", r.eventSource());
            assertEquals(START, r.dynamodb().approximateCreationDateTime());
            assertTrue(r.dynamodb().sizeBytes() > 0);
            assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, r.dynamodb().streamViewType());
            assertNull(r.userIdentity());
        }
    }

    @Test
    void iteratorsPositionLimitExpireAndHitTheTrimHorizon() {
        String arn = createTable("dam", StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 5; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName("dam").item(item("I#" + n, "META", "x")));
        }
        List<Record> all = allRecords(arn, 2);
        assertEquals(5, all.size());
        assertFalse(all.get(0).dynamodb().hasNewImage(), "KEYS_ONLY has no images");
        var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertEquals(StreamStatus.ENABLED, description.streamStatus());
        assertEquals("dam", description.tableName());
        String shard = description.shards().get(0).shardId();
        String third = all.get(2).dynamodb().sequenceNumber();

        String at = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(third)).shardIterator();
        assertEquals(third, streams.getRecords(b -> b.shardIterator(at).limit(1)).records().get(0).dynamodb()
                .sequenceNumber());
        String after = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(third)).shardIterator();
        assertEquals(all.subList(3, 5), streams.getRecords(b -> b.shardIterator(after)).records());
        String latest = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        var nothingYet = streams.getRecords(b -> b.shardIterator(latest));
        assertTrue(nothingYet.records().isEmpty());
        ddb.putItem(b -> b.tableName("dam").item(item("I#new", "META", "x")));
        assertEquals("I#new", streams.getRecords(b -> b.shardIterator(nothingYet.nextShardIterator())).records()
                .get(0).dynamodb().keys().get("PK").s());

        clock.advance(Duration.ofMinutes(16));
        assertThrows(ExpiredIteratorException.class, () -> streams.getRecords(b -> b.shardIterator(at)));
        clock.advance(Duration.ofHours(24));
        assertThrows(TrimmedDataAccessException.class, () -> streams.getShardIterator(b -> b.streamArn(arn)
                .shardId(shard).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(third)));
        assertTrue(allRecords(arn, 100).isEmpty(), "records older than 24 h are gone");
        assertThrows(DynamoDbException.class, () -> streams.describeStream(b -> b.streamArn(arn + "x")));
    }

    @Test
    void ttlDeletionsAreRemovesByTheServiceAndRecordsSurviveARestart() throws Exception {
        String arn = createTable("dam", StreamViewType.NEW_AND_OLD_IMAGES);
        ddb.updateTimeToLive(b -> b.tableName("dam").timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("ttl")));
        long past = START.minusSeconds(60).getEpochSecond();
        ddb.putItem(b -> b.tableName("dam").item(Map.of("PK", s("L#1"), "SK", s("META"), "ttl", n(past))));
        ddb.putItem(b -> b.tableName("dam").item(Map.of("PK", s("L#2"), "SK", s("META"),
                "ttl", n(START.plusSeconds(3600).getEpochSecond()))));

        assertEquals(1, provider.sweepExpiredItems());

        List<Record> records = allRecords(arn, 100);
        assertEquals(3, records.size());
        Record ttl = records.get(2);
        assertEquals(OperationType.REMOVE, ttl.eventName());
        assertEquals("L#1", ttl.dynamodb().oldImage().get("PK").s());
        assertEquals("Service", ttl.userIdentity().type());
        assertEquals("dynamodb.amazonaws.com", ttl.userIdentity().principalId());

        closeClients();
        open();

        assertEquals(records, allRecords(arn, 100), "records survive a restart");
        ddb.putItem(b -> b.tableName("dam").item(item("L#3", "META", "after restart")));
        List<Record> after = allRecords(arn, 100);
        assertEquals(4, after.size());
        assertTrue(new BigInteger(after.get(3).dynamodb().sequenceNumber())
                .compareTo(new BigInteger(ttl.dynamodb().sequenceNumber())) > 0);
        assertEquals(arn, ddb.describeTable(b -> b.tableName("dam")).table().latestStreamArn());
    }

    @Test
    void concurrentWritersToOneItemGetAnExactChainOfImages() throws Exception {
        String arn = createTable("dam", StreamViewType.NEW_AND_OLD_IMAGES);
        int writers = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ddb.updateItem(b -> b.tableName("dam").key(k("C#1", "META"))
                                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n(1))));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Record> records = allRecords(arn, 1000);
        assertEquals(writers * each, records.size());
        for (int i = 0; i < records.size(); i++) {
            var d = records.get(i).dynamodb();
            assertEquals(Integer.toString(i + 1), d.newImage().get("n").n(), "record " + i);
            if (i > 0) {
                assertEquals(Integer.toString(i), d.oldImage().get("n").n(), "record " + i);
            }
        }
    }

    @Test
    void streamsCanBeTurnedOnLaterAndOffAndTablesWithoutOneRecordNothing() {
        assertNull(createTable("plain", null));
        ddb.putItem(b -> b.tableName("plain").item(item("P#1", "META", "x")));
        assertTrue(streams.listStreams(b -> b.tableName("plain")).streams().isEmpty());

        var enabled = ddb.updateTable(b -> b.tableName("plain").streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription();
        String arn = enabled.latestStreamArn();
        assertNotNull(arn);
        assertThrows(DynamoDbException.class, () -> ddb.updateTable(b -> b.tableName("plain")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))));
        ddb.putItem(b -> b.tableName("plain").item(item("P#2", "META", "y")));
        ddb.updateTable(b -> b.tableName("plain").streamSpecification(s -> s.streamEnabled(false)));
        ddb.putItem(b -> b.tableName("plain").item(item("P#3", "META", "z")));

        List<Record> records = allRecords(arn, 100);
        assertEquals(1, records.size());
        assertEquals(item("P#2", "META", "y"), records.get(0).dynamodb().newImage());
        assertFalse(records.get(0).dynamodb().hasOldImage(), "NEW_IMAGE has no old image");
        var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
        assertEquals(StreamStatus.DISABLED, description.streamStatus());
        assertNotNull(description.shards().get(0).sequenceNumberRange().endingSequenceNumber());
        assertEquals(List.of(arn), streams.listStreams(b -> b.tableName("plain")).streams().stream()
                .map(x -> x.streamArn()).toList());
        assertNull(ddb.describeTable(b -> b.tableName("plain")).table().streamSpecification());
    }

    /** A figure for the README (no assertion on time): what capture costs a PutItem. */
    @Test
    void printsPutItemLatencyWithAndWithoutStreams() {
        String arn = createTable("streamed", StreamViewType.NEW_AND_OLD_IMAGES);
        createTable("plain", null);
        int n = 300;
        int warmUp = 100;
        double[] plain = new double[n];
        double[] streamed = new double[n];
        // interleaved, so JIT warm-up and machine load weigh on both alike
        for (int i = -warmUp; i < n; i++) {
            double a = timedPut("plain", i);
            double b = timedPut("streamed", i);
            if (i >= 0) {
                plain[i] = a;
                streamed[i] = b;
            }
        }
        System.out.printf("PutItem p50 through the provider (n=%d, after %d warm-up): without stream %.2f ms, "
                + "with NEW_AND_OLD_IMAGES stream %.2f ms%n", n, warmUp, p50(plain), p50(streamed));
        assertEquals(n + warmUp, allRecords(arn, 1000).size());

        int batches = 40;
        double[] plainBatch = new double[batches];
        double[] streamedBatch = new double[batches];
        for (int i = 0; i < batches; i++) {
            plainBatch[i] = timedBatch("plain", i);
            streamedBatch[i] = timedBatch("streamed", i);
        }
        System.out.printf("BatchWriteItem of 25 p50 (n=%d): without stream %.2f ms, with stream %.2f ms%n", batches,
                p50(plainBatch), p50(streamedBatch));
        assertEquals(n + warmUp + batches * 25, allRecords(arn, 1000).size());
    }

    private double timedBatch(String table, int batch) {
        List<WriteRequest> writes = IntStream.range(0, 25).mapToObj(i -> WriteRequest.builder()
                .putRequest(p -> p.item(item("B#" + batch + "#" + i, "META", "batch"))).build()).toList();
        long t0 = System.nanoTime();
        ddb.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        return (System.nanoTime() - t0) / 1e6;
    }

    private double timedPut(String table, int id) {
        long t0 = System.nanoTime();
        ddb.putItem(b -> b.tableName(table).item(item("P#" + id, "META", "measured")));
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double p50(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
