package dam.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local DynamoDB: dynalite (npm, LevelDB) as a supervised child process, with what dynalite 4.0.0 lacks
 * implemented in front of it — TransactWriteItems, TransactGetItems, UpdateTimeToLive/DescribeTimeToLive and TTL
 * expiry. Everything else dynalite supports is forwarded as is (dynalite does not check signatures).
 *
 * <p>Data dir layout: {@code level/} (dynalite's LevelDB), {@code journal/} (unfinished transactions),
 * {@code ttl.json} (TTL settings), {@code dynalite.log} (the child's output).
 *
 * <p>Concurrency: ordinary operations share a read lock, transactions hold it exclusively, and a restart of the
 * child (after it died) holds it exclusively too and rolls back any unfinished transaction before traffic resumes.
 */
public final class DynamoDbProvider implements ServiceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbProvider.class);

    public static final String SERVICE = "dynamodb";
    public static final String TARGET_PREFIX = DynaliteServer.TARGET_PREFIX;
    public static final Duration DEFAULT_TTL_SWEEP = Duration.ofMinutes(1);

    /** Operations dynalite 4.0.0 implements itself (its DescribeTimeToLive always says DISABLED: ours answers). */
    private static final Set<String> FORWARDED = Set.of("BatchGetItem", "BatchWriteItem", "CreateTable",
            "DeleteItem", "DeleteTable", "DescribeTable", "GetItem", "ListTables", "PutItem", "Query", "Scan",
            "TagResource", "UntagResource", "ListTagsOfResource", "UpdateItem", "UpdateTable");
    private static final Set<String> SINGLE_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A child that keeps dying (e.g. a corrupt store) is not restarted forever: at most this many per minute. */
    private static final int MAX_RESTARTS_PER_MINUTE = 5;

    private final Path dataDir;
    private final Path nodeModules;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ReadWriteLock lock = new ReentrantReadWriteLock(true); // fair: transactions are not starved
    private final ExecutorService supervisor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dynalite-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger restarts = new AtomicInteger();
    private final Deque<Long> recentRestarts = new ArrayDeque<>(); // nanoTime of restarts, supervisor thread only
    private final KeySchemas schemas;
    private final TransactionJournal journal;
    private final Transactions transactions;
    private final TimeToLive ttl;
    private final Streams streams;
    private final StreamCapture capture;
    private final StreamTables streamTables;
    private volatile DynaliteServer server;
    private volatile String downReason = "not started";
    private volatile String lastProblem;
    private volatile boolean closed;

    public DynamoDbProvider(LocalClock clock, Path dataDir, Path nodeModules) {
        this(clock, dataDir, nodeModules, DEFAULT_TTL_SWEEP);
    }

    /**
     * Starts dynalite on {@code dataDir}, rolls back transactions a crash left unfinished and starts the TTL deleter.
     *
     * @param nodeModules the node_modules folder holding dynalite (local/node/node_modules)
     * @param ttlSweep    how often (in LocalClock time) expired items are looked for
     * @throws IllegalStateException if dynalite cannot be started (the message quotes its log)
     */
    public DynamoDbProvider(LocalClock clock, Path dataDir, Path nodeModules, Duration ttlSweep) {
        this.dataDir = dataDir.toAbsolutePath();
        this.nodeModules = nodeModules.toAbsolutePath();
        Dynamo dynamo = this::call;
        this.schemas = new KeySchemas(dynamo, json);
        this.journal = new TransactionJournal(this.dataDir.resolve("journal"), json);
        this.streams = new Streams(this.dataDir.resolve("streams"), clock, json, "us-east-1", "000000000000");
        this.capture = new StreamCapture(dynamo, streams, lock, json, this::forward);
        this.streamTables = new StreamTables(streams, json, this::forward);
        this.transactions = new Transactions(dynamo, schemas, journal, lock, clock, json, this::restartToRecover,
                capture::transactionCommitted);
        // TTL deletions of streamed tables become REMOVE records made by the service
        Dynamo ttlDynamo = (op, req) -> "DeleteItem".equals(op) ? capture.ttlDelete(req) : dynamo.call(op, req);
        this.ttl = new TimeToLive(ttlDynamo, schemas, clock, ttlSweep, this.dataDir.resolve("ttl.json"), json);
        try {
            Files.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DynamoDB data dir " + this.dataDir, e);
        }
        lock.writeLock().lock();
        try {
            startServer();
        } catch (RuntimeException e) {
            supervisor.shutdownNow();
            throw e;
        } finally {
            lock.writeLock().unlock();
        }
        ttl.start();
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of(SERVICE);
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of(TARGET_PREFIX, Streams.TARGET_PREFIX);
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String target = request.header("x-amz-target");
        if (target != null && target.startsWith(Streams.TARGET_PREFIX + ".")) {
            return ok(streams.handle(target.substring(target.indexOf('.') + 1), parse(request)));
        }
        String operation = operation(request);
        try {
            return switch (operation) {
                case "TransactWriteItems" -> transactions.writeItems(parse(request));
                case "TransactGetItems" -> transactions.getItems(parse(request));
                case "UpdateTimeToLive" -> ok(ttl.update(parse(request)));
                case "DescribeTimeToLive" -> ok(ttl.describe(parse(request)));
                default -> {
                    if (!FORWARDED.contains(operation)) {
                        throw AwsException.unknownOperation(operation);
                    }
                    yield forwardWithStreams(operation, request);
                }
            };
        } catch (DynaliteError e) {
            // An AWS error dynalite answered to one of our own calls (e.g. ResourceNotFoundException): as it said.
            return new AwsResponse(e.status(), AwsResponse.AMZ_JSON_1_0, Map.of(), e.body());
        } catch (UncheckedIOException e) {
            LOG.error("DynamoDB {} failed on local storage", operation, e);
            throw new AwsException("InternalServerError", "local storage failed: " + e.getMessage(), 500, e);
        }
    }

    /** The tables' streams (DynamoDB Streams API; read by Lambda event source mappings). */
    public Streams streams() {
        return streams;
    }

    /** Writes to streamed tables are captured, table operations answer their stream settings. */
    private AwsResponse forwardWithStreams(String operation, AwsRequest request) {
        if (StreamTables.OPERATIONS.contains(operation)) {
            return streamTables.handle(operation, request.body());
        }
        if (SINGLE_WRITES.contains(operation) || "BatchWriteItem".equals(operation)) {
            ObjectNode req = parse(request);
            if (capture.captures(operation, req)) {
                return capture.write(operation, req);
            }
        }
        return forward(operation, request.body());
    }

    /** dynalite's own endpoint (for benchmarks comparing the provider with dynalite directly). */
    public URI dynaliteEndpoint() {
        return server.uri();
    }

    long dynalitePid() {
        return server.process().pid();
    }

    /** The provider's own way of calling dynalite (tests wrap it to inject faults). */
    Dynamo dynamo() {
        return this::call;
    }

    /** How many times the supervisor restarted a dead dynalite child (health page, tests). */
    public int restarts() {
        return restarts.get();
    }

    /** "running", or "error" while the child is down (restarting, or given up: see {@link #lastProblem()}). */
    public String status() {
        return downReason == null ? "running" : "error";
    }

    /** Why the child was last found dead or unusable (kept after a successful restart), or null if it never was. */
    public String lastProblem() {
        String down = downReason;
        return down != null ? down : lastProblem;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Runs one TTL pass now (the timer does this every sweep interval). */
    int sweepExpiredItems() {
        return ttl.sweep();
    }

    // ---- forwarding ----

    private AwsResponse forward(String operation, byte[] body) {
        HttpResponse<byte[]> r = send(operation, body);
        if (r.statusCode() == 400 && isBareSerializationError(r.body())) {
            throw AwsException.serialization("The request body is not a valid JSON object");
        }
        if (r.statusCode() == 200 && ("DeleteTable".equals(operation) || "CreateTable".equals(operation))) {
            String table = readTree(r.body()).path("TableDescription").path("TableName").asText();
            schemas.forget(table);
            if ("DeleteTable".equals(operation)) {
                ttl.tableDeleted(table);
            }
        }
        if (r.statusCode() == 400 && SINGLE_WRITES.contains(operation)) {
            byte[] withItem = withOldItemIfAsked(operation, body, r.body());
            if (withItem != null) {
                return new AwsResponse(400, AwsResponse.AMZ_JSON_1_0, Map.of(), withItem);
            }
        }
        Map<String, String> headers = new HashMap<>();
        r.headers().firstValue("x-amzn-RequestId").ifPresent(v -> headers.put("x-amzn-RequestId", v));
        r.headers().firstValue("x-amz-crc32").ifPresent(v -> headers.put("x-amz-crc32", v));
        String contentType = r.headers().firstValue("Content-Type").orElse(AwsResponse.AMZ_JSON_1_0);
        return new AwsResponse(r.statusCode(), contentType, headers, r.body());
    }

    /**
     * dynalite ignores ReturnValuesOnConditionCheckFailure=ALL_OLD on single writes; AWS then puts the item in the
     * ConditionalCheckFailedException. It is read right after the failure, so a concurrent write to the same item in
     * between could show a newer version (transactions have no such gap). Returns null when not applicable.
     */
    private byte[] withOldItemIfAsked(String operation, byte[] request, byte[] error) {
        JsonNode answer = readTree(error);
        if (!answer.path("__type").asText().endsWith("#ConditionalCheckFailedException")) {
            return null;
        }
        JsonNode req = readTree(request);
        if (!"ALL_OLD".equals(req.path("ReturnValuesOnConditionCheckFailure").asText())) {
            return null;
        }
        String table = req.path("TableName").asText();
        JsonNode key = "PutItem".equals(operation)
                ? schemas.keyOfItem(table, (ObjectNode) req.path("Item")) : req.path("Key");
        ObjectNode get = json.createObjectNode().put("TableName", table).put("ConsistentRead", true);
        get.set("Key", key);
        JsonNode item = call("GetItem", get).get("Item");
        if (item == null) {
            return null;
        }
        ((ObjectNode) answer).set("Item", item);
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an error answer", e);
        }
    }

    /** dynalite answers unparsable bodies with a message-less SerializationException; ours says what is wrong. */
    private static boolean isBareSerializationError(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains("#SerializationException\"") && !text.contains("\"message\"");
    }

    /** The {@link Dynamo} the provider's own components use. */
    private ObjectNode call(String operation, ObjectNode request) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + operation + " request", e);
        }
        HttpResponse<byte[]> r = send(operation, body);
        JsonNode answer = readTree(r.body());
        if (r.statusCode() == 200 && answer.isObject()) {
            return (ObjectNode) answer;
        }
        String type = answer.path("__type").asText("InternalServerError");
        type = type.substring(type.indexOf('#') + 1);
        throw new DynaliteError(r.statusCode(), type, answer.path("message").asText(""), r.body());
    }

    private HttpResponse<byte[]> send(String operation, byte[] body) {
        lock.readLock().lock();
        try {
            DynaliteServer s = server;
            if (s == null) {
                throw new AwsException("InternalServerError", "local DynamoDB is not running: " + downReason, 500);
            }
            return s.post(operation, body, REQUEST_TIMEOUT);
        } catch (IOException e) {
            throw new AwsException("InternalServerError",
                    "local DynamoDB (dynalite) did not answer: " + e + "; it is restarted if it died", 500, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("InternalServerError", "interrupted while calling dynalite", 500, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private JsonNode readTree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new AwsException("InternalServerError", "dynalite answered something that is not JSON", 500, e);
        }
    }

    private ObjectNode parse(AwsRequest request) {
        JsonNode node;
        try {
            node = request.body() == null || request.body().length == 0 ? null : json.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw AwsException.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not do I/O
        }
        if (node == null || !node.isObject()) {
            throw AwsException.serialization("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static AwsResponse ok(ObjectNode body) {
        return AwsResponse.json(AwsResponse.AMZ_JSON_1_0, body.toString());
    }

    private static String operation(AwsRequest request) {
        String target = request.header("x-amz-target");
        if (target != null) {
            int dot = target.indexOf('.');
            if (dot < 0 || !TARGET_PREFIX.equals(target.substring(0, dot))) {
                throw AwsException.unknownOperation(target);
            }
            return target.substring(dot + 1);
        }
        if (request.operation() == null || request.operation().isEmpty()) {
            throw AwsException.unknownOperation("(no X-Amz-Target)");
        }
        return request.operation();
    }

    // ---- supervision ----

    /** Starts a child on the data dir and rolls back unfinished transactions. Caller holds the write lock. */
    private void startServer() {
        DynaliteServer next = new DynaliteServer(nodeModules, dataDir.resolve("level"),
                dataDir.resolve("dynalite.log"), http, START_TIMEOUT);
        next.start();
        server = next;
        downReason = null;
        try {
            int rolledBack = journal.recover(this::call);
            if (rolledBack > 0) {
                LOG.warn("rolled back {} unfinished transaction(s) from {}", rolledBack, dataDir.resolve("journal"));
            }
        } catch (RuntimeException e) {
            server = null;
            downReason = "unfinished transactions could not be rolled back: " + e.getMessage();
            next.stop();
            throw e;
        }
        next.process().onExit().thenRunAsync(() -> childExited(next), supervisor);
    }

    /** A transaction could not be rolled back live: kill the child so the restart replays its journal first. */
    private void restartToRecover() {
        DynaliteServer s = server;
        if (s != null && s.process().isAlive()) {
            LOG.error("killing dynalite pid {} so that the unfinished transaction is rolled back on restart",
                    s.process().pid());
            s.process().destroyForcibly();
        }
    }

    private void childExited(DynaliteServer dead) {
        if (closed) {
            return;
        }
        Process p = dead.process();
        LOG.error("dynalite child pid {} exited unexpectedly with code {}; restarting it on {} (data is kept)",
                p.pid(), p.exitValue(), dataDir.resolve("level"));
        lock.writeLock().lock();
        try {
            if (closed || server != dead) {
                return;
            }
            server = null;
            long now = System.nanoTime();
            while (!recentRestarts.isEmpty() && now - recentRestarts.peekFirst() > 60_000_000_000L) {
                recentRestarts.removeFirst();
            }
            if (recentRestarts.size() >= MAX_RESTARTS_PER_MINUTE) {
                downReason = "dynalite died " + (recentRestarts.size() + 1) + " times within a minute; see "
                        + dataDir.resolve("dynalite.log");
                LOG.error("not restarting dynalite again: {}", downReason);
                return;
            }
            recentRestarts.addLast(now);
            downReason = "dynalite pid " + p.pid() + " died; restarting";
            lastProblem = "dynalite pid " + p.pid() + " exited with code " + p.exitValue() + " and was restarted";
            startServer();
            restarts.incrementAndGet();
            LOG.info("dynalite restarted as pid {}", server.process().pid());
        } catch (RuntimeException e) {
            downReason = "dynalite died and could not be restarted: " + e.getMessage();
            LOG.error("dynalite could not be restarted; DynamoDB requests fail until the local cloud restarts", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        ttl.stop();
        supervisor.shutdownNow();
        lock.writeLock().lock(); // lets requests in flight finish
        try {
            DynaliteServer s = server;
            server = null;
            downReason = "closed";
            if (s != null) {
                s.stop();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
