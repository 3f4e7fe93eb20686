package dam.search;

import org.roaringbitmap.RoaringBitmap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link PostingStore} on the single table. Items (all {@code SIDX#…}, which the indexer's stream filter ignores):
 * <ul>
 *   <li>facet and sort postings: {@code SIDX#F#<field>} / {@code <value>#<chunk:05d>} — one partition per field, so
 *   one Query lists a facet's values for counts;</li>
 *   <li>keyword postings: {@code SIDX#W#<token>} / {@code <chunk:05d>} — one partition per word (never listed);</li>
 *   <li>attributes {@code bm} (serialized Roaring bitmap), {@code ord} (sort keys, sort buckets only), {@code v};</li>
 *   <li>{@code SIDX#DOC#<assetId>} / {@code META}: the document record; {@code SIDX#N#<doc>} / {@code META}: the
 *   hit; {@code SIDX#META} / {@code DOCS}: the document number counter.</li>
 * </ul>
 * Reads are strongly consistent; {@link #requests()} and {@link #itemsRead()} count what a search costs.
 */
public final class DynamoPostingStore implements PostingStore {

    private static final String PK = "PK";
    private static final String SK = "SK";
    private static final int BATCH_GET = 100;
    private static final int BATCH_WRITE = 25;
    private static final int WRITERS = 8;

    private final DynamoDbClient db;
    private final String table;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong itemsRead = new AtomicLong();

    public DynamoPostingStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public long requests() {
        return requests.get();
    }

    public long itemsRead() {
        return itemsRead.get();
    }

    // ------------------------------------------------------------ keys

    static Map<String, AttributeValue> key(Key k) {
        if (k.field().equals(Terms.WORD)) {
            return Map.of(PK, s("SIDX#W#" + k.value()), SK, s(String.format("%05d", k.chunk())));
        }
        return Map.of(PK, s("SIDX#F#" + k.field()), SK, s(k.value() + "#" + String.format("%05d", k.chunk())));
    }

    static Key keyOf(Map<String, AttributeValue> item) {
        String pk = item.get(PK).s();
        String sk = item.get(SK).s();
        if (pk.startsWith("SIDX#W#")) {
            return new Key(Terms.WORD, pk.substring("SIDX#W#".length()), Integer.parseInt(sk));
        }
        int hash = sk.lastIndexOf('#');
        return new Key(pk.substring("SIDX#F#".length()), sk.substring(0, hash), Integer.parseInt(sk.substring(hash + 1)));
    }

    private static Map<String, AttributeValue> docKey(String assetId) {
        return Map.of(PK, s("SIDX#DOC#" + assetId), SK, s("META"));
    }

    private static Map<String, AttributeValue> hitKey(int doc) {
        return Map.of(PK, s("SIDX#N#" + doc), SK, s("META"));
    }

    private static final Map<String, AttributeValue> COUNTER = Map.of(PK, s("SIDX#META"), SK, s("DOCS"));

    // ------------------------------------------------------------ chunks

    @Override
    public Map<Key, Chunk> get(Collection<Key> keys) {
        Map<Key, Chunk> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys.stream().map(DynamoPostingStore::key).toList())) {
            Chunk c = chunk(item);
            out.put(c.key(), c);
        }
        return out;
    }

    @Override
    public List<Chunk> field(String field, String from, String to, boolean withSortKeys, int maxItems) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s("SIDX#F#" + field));
        String condition = "PK = :pk";
        if (from != null && to != null) {
            condition += " AND SK BETWEEN :from AND :to";
        } else if (from != null) {
            condition += " AND SK >= :from";
        } else if (to != null) {
            condition += " AND SK <= :to";
        }
        if (from != null) {
            values.put(":from", s(from));
        }
        if (to != null) {
            values.put(":to", s(to + "#~")); // '~' sorts after the chunk digits: every chunk of the last value
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression(condition).expressionAttributeValues(values);
        if (!withSortKeys) {
            q.projectionExpression("PK, SK, bm, v");
        }
        List<Chunk> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = db.query(q.exclusiveStartKey(start).limit(Math.min(1000, maxItems - out.size()))
                    .build());
            requests.incrementAndGet();
            itemsRead.addAndGet(r.count());
            r.items().forEach(i -> out.add(chunk(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && out.size() < maxItems);
        return out;
    }

    @Override
    public boolean put(Chunk c) {
        Map<String, AttributeValue> item = chunkItem(c, c.version() + 1);
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (c.version() == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("v = :v").expressionAttributeValues(Map.of(":v", n(c.version())));
        }
        try {
            db.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // someone else changed the chunk: the index re-reads and retries
        }
    }

    @Override
    public void putAll(Collection<Chunk> chunks) {
        batchWrite(chunks.stream().map(c -> chunkItem(c, 1)).toList());
    }

    private static Map<String, AttributeValue> chunkItem(Chunk c, long version) {
        Map<String, AttributeValue> item = new HashMap<>(key(c.key()));
        item.put("type", s("searchPosting"));
        RoaringBitmap bits = c.docs().clone();
        bits.runOptimize();
        ByteBuffer buf = ByteBuffer.allocate(bits.serializedSizeInBytes());
        bits.serialize(buf);
        item.put("bm", AttributeValue.fromB(SdkBytes.fromByteArray(buf.array())));
        if (c.sortKeys().size() > 0) {
            item.put("ord", AttributeValue.fromB(SdkBytes.fromByteArray(c.sortKeys().bytes())));
        }
        item.put("v", n(version));
        return item;
    }

    private static Chunk chunk(Map<String, AttributeValue> item) {
        RoaringBitmap bits = new RoaringBitmap();
        try {
            bits.deserialize(new DataInputStream(item.get("bm").b().asInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable posting " + item.get(PK).s() + "/" + item.get(SK).s(), e);
        }
        AttributeValue ord = item.get("ord");
        return new Chunk(keyOf(item), bits, ord == null ? SortedKeys.EMPTY : SortedKeys.from(ord.b().asByteArray()),
                Long.parseLong(item.get("v").n()));
    }

    // ------------------------------------------------------------ documents

    @Override
    public Optional<DocRecord> doc(String assetId) {
        requests.incrementAndGet();
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(docKey(assetId))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        itemsRead.incrementAndGet();
        return Optional.of(new DocRecord(assetId, Integer.parseInt(item.get("doc").n()),
                Long.parseLong(item.get("src").n()), strings(item.get("terms")), strings(item.get("pending")),
                item.get("removed").bool(), Long.parseLong(item.get("v").n())));
    }

    @Override
    public boolean putDoc(DocRecord r) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(docItem(r, r.version() + 1));
        if (r.version() == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("v = :v").expressionAttributeValues(Map.of(":v", n(r.version())));
        }
        try {
            db.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void putDocs(Collection<DocRecord> records) {
        batchWrite(records.stream().map(r -> docItem(r, 1)).toList());
    }

    private static Map<String, AttributeValue> docItem(DocRecord r, long version) {
        Map<String, AttributeValue> item = new HashMap<>(docKey(r.assetId()));
        item.put("type", s("searchDocument"));
        item.put("doc", n(r.doc()));
        item.put("src", n(r.sourceVersion()));
        item.put("terms", list(r.terms()));
        item.put("pending", list(r.pending()));
        item.put("removed", AttributeValue.fromBool(r.removed()));
        item.put("v", n(version));
        return item;
    }

    @Override
    public int allocate(int count) {
        requests.incrementAndGet();
        Map<String, AttributeValue> after = db.updateItem(b -> b.tableName(table).key(COUNTER)
                .updateExpression("ADD n :n").expressionAttributeValues(Map.of(":n", n(count)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Integer.parseInt(after.get("n").n()) - count;
    }

    @Override
    public int allocated() {
        requests.incrementAndGet();
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true).key(COUNTER))
                .item();
        itemsRead.incrementAndGet();
        return item == null || !item.containsKey("n") ? 0 : Integer.parseInt(item.get("n").n());
    }

    /** The counter item holds both: {@code n} (numbers handed out) and {@code gen} (moved by {@link #touch}). */
    @Override
    public Head head() {
        requests.incrementAndGet();
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true).key(COUNTER))
                .item();
        itemsRead.incrementAndGet();
        if (item == null) {
            return new Head(0, 0);
        }
        AttributeValue n = item.get("n");
        AttributeValue gen = item.get("gen");
        return new Head(n == null ? 0 : Integer.parseInt(n.n()), gen == null ? 0 : Long.parseLong(gen.n()));
    }

    @Override
    public void touch() {
        requests.incrementAndGet();
        db.updateItem(b -> b.tableName(table).key(COUNTER).updateExpression("ADD gen :one")
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    /**
     * The key that signs search cursors, shared by every API instance: created once (random, conditional put) in
     * the table, which is encrypted and readable only by the functions that use the index.
     */
    public byte[] cursorSecret() {
        Map<String, AttributeValue> key = Map.of(PK, s("SIDX#META"), SK, s("CURSOR_KEY"));
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        try {
            db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(PK)").item(Map.of(
                    PK, key.get(PK), SK, key.get(SK), "type", s("searchCursorKey"),
                    "secret", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)))));
            return fresh;
        } catch (ConditionalCheckFailedException e) {
            return db.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item().get("secret").b()
                    .asByteArray(); // created by another instance first: everyone signs with that one
        }
    }

    // ------------------------------------------------------------ hits

    @Override
    public void putHits(Map<Integer, Hit> hits) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        hits.forEach((doc, h) -> {
            Map<String, AttributeValue> item = new HashMap<>(hitKey(doc));
            item.put("type", s("searchHit"));
            item.put("assetId", s(h.assetId()));
            if (!h.title().isEmpty()) {
                item.put("title", s(h.title()));
            }
            item.put("createdAt", s(h.createdAt().toString()));
            items.add(item);
        });
        batchWrite(items);
    }

    @Override
    public Map<Integer, Hit> hits(Collection<Integer> docs) {
        Map<Integer, Hit> out = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(docs.stream().map(DynamoPostingStore::hitKey).toList())) {
            int doc = Integer.parseInt(item.get(PK).s().substring("SIDX#N#".length()));
            AttributeValue title = item.get("title");
            out.put(doc, new Hit(item.get("assetId").s(), title == null ? "" : title.s(),
                    Instant.parse(item.get("createdAt").s())));
        }
        return out;
    }

    // ------------------------------------------------------------ batches

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        List<Map<String, AttributeValue>> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int i = 0; i < distinct.size(); i += BATCH_GET) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().consistentRead(true)
                    .keys(distinct.subList(i, Math.min(distinct.size(), i + BATCH_GET))).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                backoff(attempt);
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse r = db.batchGetItem(b -> b.requestItems(ask));
                requests.incrementAndGet();
                List<Map<String, AttributeValue>> got = r.responses().getOrDefault(table, List.of());
                itemsRead.addAndGet(got.size());
                out.addAll(got);
                request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    /** Batches of 25; big loads (the bulk loader) run {@value #WRITERS} batches at a time — the work is I/O. */
    private void batchWrite(List<Map<String, AttributeValue>> items) {
        List<List<Map<String, AttributeValue>>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += BATCH_WRITE) {
            batches.add(items.subList(i, Math.min(items.size(), i + BATCH_WRITE)));
        }
        if (batches.size() <= 4) {
            batches.forEach(this::writeBatch);
            return;
        }
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(WRITERS);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            batches.forEach(b -> done.add(writers.submit(() -> writeBatch(b))));
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing batches", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a batch write failed", e.getCause());
        } finally {
            writers.shutdownNow();
        }
    }

    private void writeBatch(List<Map<String, AttributeValue>> batch) {
        List<WriteRequest> writes = batch.stream()
                .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                .toList();
        Map<String, List<WriteRequest>> request = Map.of(table, writes);
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            backoff(attempt);
            Map<String, List<WriteRequest>> ask = request;
            BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(ask));
            request = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    /** Unprocessed batch items are retried with a short growing pause, as DynamoDB asks. */
    private static void backoff(int attempt) {
        if (attempt == 0) {
            return;
        }
        if (attempt > 10) {
            throw new IllegalStateException("DynamoDB left batch items unprocessed after 10 retries");
        }
        try {
            Thread.sleep(Math.min(1_000L, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch", e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue list(Set<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    private static Set<String> strings(AttributeValue v) {
        Set<String> out = new LinkedHashSet<>();
        if (v != null && v.hasL()) {
            v.l().forEach(a -> out.add(a.s()));
        }
        return out;
    }
}
