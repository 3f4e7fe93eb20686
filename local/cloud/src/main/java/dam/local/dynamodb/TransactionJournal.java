package dam.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before-images of the items a transaction is about to write, on disk before the first write is applied. A journal
 * file that still exists at start belongs to a transaction that did not finish: {@link #recover} puts every item back
 * as it was, so a transaction is all or nothing across a crash.
 */
final class TransactionJournal {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionJournal.class);

    /** One item a transaction writes: its table, key and the item before the transaction (null: did not exist). */
    record Entry(String table, ObjectNode key, ObjectNode before) {
    }

    private final Path dir;
    private final ObjectMapper json;

    TransactionJournal(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    /** Writes the entries durably (temp file, fsync, atomic rename) and returns the journal file. */
    Path write(List<Entry> entries) {
        ArrayNode array = json.createArrayNode();
        for (Entry e : entries) {
            ObjectNode node = array.addObject();
            node.put("table", e.table());
            node.set("key", e.key());
            node.set("before", e.before()); // null becomes JSON null
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve(id + ".tmp");
        Path file = dir.resolve(id + ".json");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(array)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // makes the rename itself durable
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write transaction journal " + file, e);
        }
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete transaction journal " + file, e);
        }
    }

    /** Journals left behind by transactions that did not finish, oldest first. */
    List<Path> pending() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> result = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                if (p.toString().endsWith(".json")) {
                    result.add(p);
                } else if (p.toString().endsWith(".tmp")) {
                    // Never renamed, so nothing of that transaction was applied.
                    Files.deleteIfExists(p);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list transaction journals in " + dir, e);
        }
    }

    List<Entry> read(Path file) {
        try {
            JsonNode array = json.readTree(file.toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode n : array) {
                JsonNode before = n.get("before");
                entries.add(new Entry(n.get("table").asText(), (ObjectNode) n.get("key"),
                        before == null || before.isNull() ? null : (ObjectNode) before));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transaction journal " + file, e);
        }
    }

    /** Puts every item named in an unfinished journal back to its before-image; returns how many journals. */
    int recover(Dynamo dynamo) {
        List<Path> pending = pending();
        for (Path file : pending) {
            List<Entry> entries = read(file);
            LOG.warn("rolling back unfinished transaction {} ({} items)", file.getFileName(), entries.size());
            restore(dynamo, entries);
            delete(file);
        }
        return pending.size();
    }

    /** Writes the before-images back: idempotent, so safe to repeat after another crash. */
    void restore(Dynamo dynamo, List<Entry> entries) {
        for (Entry e : entries) {
            ObjectNode req = json.createObjectNode().put("TableName", e.table());
            try {
                if (e.before() != null) {
                    req.set("Item", e.before());
                    dynamo.call("PutItem", req);
                } else {
                    req.set("Key", e.key());
                    dynamo.call("DeleteItem", req);
                }
            } catch (DynaliteError err) {
                if (!"ResourceNotFoundException".equals(err.type())) {
                    throw err;
                }
                LOG.warn("table {} no longer exists; nothing to roll back for key {}", e.table(), e.key());
            }
        }
    }
}
