package dam.local.dynamodb;

import static dam.local.dynamodb.DynamoTestSupport.JSON;
import static dam.local.dynamodb.DynamoTestSupport.createTable;
import static dam.local.dynamodb.DynamoTestSupport.getItem;
import static dam.local.dynamodb.DynamoTestSupport.key;
import static dam.local.dynamodb.DynamoTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dynalite failing in the middle of a transaction (as when the child dies): all or nothing still holds. */
class TransactionFaultTest {

    private static final String TX = """
            {"TransactItems":[
              {"Update":{"TableName":"dam","Key":%s,"UpdateExpression":"SET v = :two",
                         "ExpressionAttributeValues":{":two":{"N":"2"}}}},
              {"Put":{"TableName":"dam","Item":{"PK":{"S":"B"},"SK":{"S":"META"}}}},
              {"Delete":{"TableName":"dam","Key":%s}}
            ]}""".formatted(key("A", "META"), key("C", "META"));

    @TempDir
    Path dataDir;
    LocalClock clock;
    DynamoDbProvider provider;

    @BeforeEach
    void start() {
        clock = LocalClock.fixed(Instant.parse("2026-01-01T00:00:00Z"));
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());
        createTable(provider);
        ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":{\"PK\":{\"S\":\"A\"},\"SK\":{\"S\":\"META\"},"
                + "\"v\":{\"N\":\"1\"}}}");
        ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":" + key("C", "META") + "}");
    }

    @AfterEach
    void stop() {
        provider.close();
        clock.close();
    }

    /** Lets {@code writesBeforeFault} writes through, then fails the next {@code faults} calls of any kind. */
    private static Dynamo failing(Dynamo real, int writesBeforeFault, int faults) {
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        return (operation, request) -> {
            boolean write = Set.of("PutItem", "UpdateItem", "DeleteItem").contains(operation);
            if (write && writes.get() >= writesBeforeFault && failed.get() < faults) {
                failed.incrementAndGet();
                throw new AwsException("InternalServerError", "injected: dynalite went away", 500);
            }
            if (write) {
                writes.incrementAndGet();
            }
            return real.call(operation, request);
        };
    }

    private Transactions transactions(Dynamo dynamo, AtomicBoolean rollbackFailed) {
        return new Transactions(dynamo, new KeySchemas(provider.dynamo(), JSON),
                new TransactionJournal(dataDir.resolve("journal"), JSON), new ReentrantReadWriteLock(), clock, JSON,
                () -> rollbackFailed.set(true));
    }

    @Test
    void aFailureMidTransactionIsRolledBackAtOnceWhenDynaliteStillAnswers() throws Exception {
        AtomicBoolean rollbackFailed = new AtomicBoolean();
        Transactions tx = transactions(failing(provider.dynamo(), 2, 1), rollbackFailed);

        AwsException e = assertThrows(AwsException.class, () -> tx.writeItems((ObjectNode) JSON.readTree(TX)));

        assertEquals(500, e.status());
        assertFalse(rollbackFailed.get());
        assertEquals("1", getItem(provider, "A", "META").path("v").path("N").asText());
        assertNull(getItem(provider, "B", "META"));
        assertNotNull(getItem(provider, "C", "META"));
        assertEquals(0, dataDir.resolve("journal").toFile().list().length);
    }

    @Test
    void whenTheRollbackFailsTooTheJournalRollsBackAtTheNextStart() throws Exception {
        AtomicBoolean rollbackFailed = new AtomicBoolean();
        Transactions tx = transactions(failing(provider.dynamo(), 2, Integer.MAX_VALUE), rollbackFailed);

        assertThrows(AwsException.class, () -> tx.writeItems((ObjectNode) JSON.readTree(TX)));

        assertTrue(rollbackFailed.get(), "the provider is told so it can restart dynalite and replay the journal");
        assertEquals(1, dataDir.resolve("journal").toFile().list().length);
        assertEquals("2", getItem(provider, "A", "META").path("v").path("N").asText(), "half applied for now");

        provider.close();
        provider = new DynamoDbProvider(clock, dataDir, DynamoTestSupport.nodeModules());

        assertEquals("1", getItem(provider, "A", "META").path("v").path("N").asText());
        assertNull(getItem(provider, "B", "META"));
        assertNotNull(getItem(provider, "C", "META"));
        assertEquals(0, dataDir.resolve("journal").toFile().list().length);
    }
}
