package dam.local.dynamodb;

import static dam.local.dynamodb.DynamoTestSupport.JSON;
import static dam.local.dynamodb.DynamoTestSupport.createTable;
import static dam.local.dynamodb.DynamoTestSupport.getItem;
import static dam.local.dynamodb.DynamoTestSupport.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.clock.LocalClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, crashes in the middle of a transaction, a killed dynalite child, and TTL expiry. */
class DynamoDbDurabilityTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dataDir;
    LocalClock clock;
    DynamoDbProvider provider;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(T0);
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
        createTable(provider);
    }

    @AfterEach
    void stop() {
        provider.close();
        clock.close();
    }

    private void restart() {
        provider.close();
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
    }

    private void put(String pk, String sk, String extra) {
        ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\""
                + sk + "\"}" + extra + "}}");
    }

    private static ObjectNode node(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    /**
     * Leaves the state a crash would: a journal with the before-images (A had v=1, B did not exist) and the first
     * writes of the transaction applied (A now v=2, B exists).
     */
    private void crashMidTransaction() throws Exception {
        put("A", "META", ",\"v\":{\"N\":\"1\"}");
        new TransactionJournal(dataDir.resolve("journal"), JSON).write(List.of(
                new TransactionJournal.Entry("dam", node(DynamoTestSupport.key("A", "META")),
                        node("{\"PK\":{\"S\":\"A\"},\"SK\":{\"S\":\"META\"},\"v\":{\"N\":\"1\"}}")),
                new TransactionJournal.Entry("dam", node(DynamoTestSupport.key("B", "META")), null)));
        put("A", "META", ",\"v\":{\"N\":\"2\"}");
        put("B", "META", "");
        assertEquals("2", getItem(provider, "A", "META").path("v").path("N").asText());
    }

    @Test
    void restartKeepsItemsTablesAndTtlSettings() {
        put("ASSET#1", "META", ",\"title\":{\"S\":\"kept\"}");
        ok(provider, "UpdateTimeToLive",
                "{\"TableName\":\"dam\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");

        restart();

        assertEquals("kept", getItem(provider, "ASSET#1", "META").path("title").path("S").asText());
        assertEquals("ENABLED", ok(provider, "DescribeTimeToLive", "{\"TableName\":\"dam\"}")
                .path("TimeToLiveDescription").path("TimeToLiveStatus").asText());
        assertEquals("GSI1", ok(provider, "DescribeTable", "{\"TableName\":\"dam\"}")
                .path("Table").path("GlobalSecondaryIndexes").get(0).path("IndexName").asText());
    }

    @Test
    void transactionInterruptedByACrashIsRolledBackAtTheNextStart() throws Exception {
        crashMidTransaction();
        // An incomplete journal write (never renamed) means nothing was applied: it is just discarded.
        Files.writeString(dataDir.resolve("journal").resolve("torn.tmp"), "{\"tab");

        restart();

        assertEquals("1", getItem(provider, "A", "META").path("v").path("N").asText());
        assertNull(getItem(provider, "B", "META"));
        assertEquals(0, dataDir.resolve("journal").toFile().list().length, "journal replayed and removed");
    }

    @Test
    void killedDynaliteIsRestartedOnTheSameDataAndRollsBackAnUnfinishedTransaction() throws Exception {
        put("KEEP", "META", ",\"x\":{\"S\":\"still here\"}");
        crashMidTransaction();
        long pid = provider.dynalitePid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> provider.restarts() == 1);
        assertNotEquals(pid, provider.dynalitePid());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("still here", getItem(provider, "KEEP", "META").path("x").path("S").asText());
        assertEquals("1", getItem(provider, "A", "META").path("v").path("N").asText());
        assertNull(getItem(provider, "B", "META"));
        put("AFTER", "META", "");
        assertNotNull(getItem(provider, "AFTER", "META"));
        assertTrue(Files.readString(dataDir.resolve("dynalite.log")).contains("dynalite listening"));
    }

    @Test
    void aSecondProviderOnTheSameDataDirIsRefusedClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules()));
        assertTrue(e.getMessage().contains("lock"), e.getMessage());
        assertEquals(0, provider.restarts());
        assertNotNull(DynamoTestSupport.ok(provider, "ListTables", "{}").path("TableNames").get(0));
    }

    @Test
    void closeStopsTheChild() {
        long pid = provider.dynalitePid();
        provider.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules()); // for @AfterEach
    }

    @Test
    void expiredItemsAreDeletedAfterTheClockPassesTheirTtl() {
        long now = T0.getEpochSecond();
        ok(provider, "UpdateTimeToLive",
                "{\"TableName\":\"dam\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");
        put("SOON", "META", ",\"ttl\":{\"N\":\"" + (now + 30) + "\"}");
        put("LATER", "META", ",\"ttl\":{\"N\":\"" + (now + 3600) + "\"}");
        put("TEXT", "META", ",\"ttl\":{\"S\":\"" + (now - 100) + "\"}");
        put("NONE", "META", "");
        put("ANCIENT", "META", ",\"ttl\":{\"N\":\"" + (now - Duration.ofDays(6 * 365).toSeconds()) + "\"}");

        // Frozen clock: no sweep has run and nothing is due yet anyway.
        assertNotNull(getItem(provider, "SOON", "META"));

        clock.advance(Duration.ofMinutes(2)); // past SOON's ttl and the 1-minute sweep timer

        await().atMost(Duration.ofSeconds(20)).until(() -> getItem(provider, "SOON", "META") == null);
        assertNotNull(getItem(provider, "LATER", "META"), "not expired yet");
        assertNotNull(getItem(provider, "TEXT", "META"), "a string is not a TTL");
        assertNotNull(getItem(provider, "NONE", "META"));
        assertNotNull(getItem(provider, "ANCIENT", "META"), "AWS ignores TTLs more than 5 years old");

        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> getItem(provider, "LATER", "META") == null);
    }

    @Test
    void tablesWithoutTtlKeepExpiredLookingItems() {
        put("OLD", "META", ",\"ttl\":{\"N\":\"" + (T0.getEpochSecond() - 60) + "\"}");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(0, provider.sweepExpiredItems());
        assertNotNull(getItem(provider, "OLD", "META"));

        ok(provider, "UpdateTimeToLive",
                "{\"TableName\":\"dam\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofMinutes(1)); // keeps the sweep timer firing until it has run once
            return getItem(provider, "OLD", "META") == null;
        });
    }

    @Test
    void startFailsWithAClearErrorWhenDynaliteIsNotInstalled(@TempDir Path other) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DynamoDbProvider(clock, other, other.resolve("node_modules")));
        assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
    }

    @Test
    void startFailsWithTheChildLogWhenTheStoreCannotBeOpened(@TempDir Path other) throws Exception {
        Files.createDirectories(other.resolve("level"));
        Files.writeString(other.resolve("level").resolve("CURRENT"), "garbage"); // LevelDB refuses to open it
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DynamoDbProvider(clock, other, DynamoTestSupport.nodeModules()));
        assertTrue(e.getMessage().contains("dynalite exited"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot open the LevelDB store"), e.getMessage());
        assertTrue(e.getMessage().contains("dynalite.log"), e.getMessage());
    }
}
