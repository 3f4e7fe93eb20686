package dam.local.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox on disk: one {@code <time>-<id>.json} (what SES accepted) and one {@code <time>-<id>.eml} (its MIME
 * rendering) per message. Each file is written to a temp file, fsynced and renamed, the .eml first: a message exists
 * once its .json does, so a crash leaves either the whole message or none of it (the send then failed for the
 * caller). Everything is loaded back on start.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<OutboxMessage> SEND_ORDER = Comparator.comparing(OutboxMessage::time)
            .thenComparingLong(OutboxMessage::seq);

    private final Path dir;
    /** In send order. */
    private final List<OutboxMessage> messages = new ArrayList<>();
    private final Map<String, String> fileStems = new LinkedHashMap<>();
    private long nextSeq = 1;

    Outbox(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Stores a message durably and returns it with its sequence number. */
    synchronized OutboxMessage append(OutboxMessage draft, byte[] eml) {
        OutboxMessage m = draft.withSeq(nextSeq);
        String stem = FILE_TIME.format(m.time()) + "-" + m.id();
        Path emlFile = dir.resolve(stem + ".eml");
        try {
            writeAtomically(emlFile, eml);
            writeAtomically(dir.resolve(stem + ".json"), JSON.writeValueAsBytes(toJson(m, stem + ".eml")));
            syncDirectory();
        } catch (IOException e) {
            removeQuietly(emlFile, e);
            throw new UncheckedIOException("cannot write message " + m.id() + " to the outbox " + dir, e);
        }
        nextSeq++;
        messages.add(m);
        fileStems.put(m.id(), stem);
        return m;
    }

    synchronized List<OutboxMessage> all() {
        return List.copyOf(messages);
    }

    synchronized Optional<OutboxMessage> byId(String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The stored MIME rendering of a message. */
    Optional<byte[]> eml(String id) {
        String stem;
        synchronized (this) {
            stem = fileStems.get(id);
        }
        if (stem == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(stem + ".eml")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the .eml of message " + id, e);
        }
    }

    private void load() throws IOException {
        List<OutboxMessage> loaded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // A write that never completed: its send failed for the caller, so it is not a message.
                    LOG.warn("removing the incomplete outbox file {}", f);
                    Files.delete(f);
                } else if (name.endsWith(".json")) {
                    try {
                        OutboxMessage m = fromJson(JSON.readTree(f.toFile()));
                        loaded.add(m);
                        fileStems.put(m.id(), name.substring(0, name.length() - ".json".length()));
                    } catch (IOException | RuntimeException e) {
                        // Left in place for a human to look at; the rest of the outbox still loads.
                        LOG.error("cannot read the outbox message {}; skipping it", f, e);
                    }
                }
            }
        }
        try (DirectoryStream<Path> emls = Files.newDirectoryStream(dir, "*.eml")) {
            for (Path f : emls) {
                String name = f.getFileName().toString();
                if (!Files.exists(dir.resolve(name.substring(0, name.length() - ".eml".length()) + ".json"))) {
                    LOG.warn("removing {}: its message was never committed (no .json)", f);
                    Files.delete(f);
                }
            }
        }
        loaded.sort(SEND_ORDER);
        messages.addAll(loaded);
        nextSeq = loaded.stream().mapToLong(OutboxMessage::seq).max().orElse(0) + 1;
        if (!loaded.isEmpty()) {
            LOG.info("outbox {}: {} messages", dir, loaded.size());
        }
    }

    /** Undoes the .eml of a failed send; a failure here is attached to the send's own exception. */
    private static void removeQuietly(Path file, IOException cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("atomic rename not supported in {}; falling back to a plain move", dir);
            Files.move(tmp, target);
        }
    }

    /** Makes the renames durable (Linux; other systems may refuse to open a directory, which is fine to skip). */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync the directory {}: {}", dir, e.toString());
        }
    }

    static ObjectNode toJson(OutboxMessage m, String emlFile) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("seq", m.seq());
        n.put("time", m.time().toString());
        n.put("region", m.region());
        n.put("from", m.from());
        strings(n.putArray("to"), m.to());
        strings(n.putArray("cc"), m.cc());
        strings(n.putArray("bcc"), m.bcc());
        strings(n.putArray("replyTo"), m.replyTo());
        n.put("subject", m.subject());
        n.put("text", m.text());
        n.put("html", m.html());
        n.put("configurationSet", m.configurationSet());
        ObjectNode tags = n.putObject("tags");
        m.tags().forEach(tags::put);
        n.put("raw", m.raw());
        ArrayNode attachments = n.putArray("attachments");
        for (OutboxMessage.Attachment a : m.attachments()) {
            attachments.addObject().put("fileName", a.fileName()).put("contentType", a.contentType())
                    .put("size", a.size());
        }
        n.put("eml", emlFile);
        return n;
    }

    static OutboxMessage fromJson(JsonNode n) {
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        List<OutboxMessage.Attachment> attachments = new ArrayList<>();
        n.path("attachments").forEach(a -> attachments.add(new OutboxMessage.Attachment(text(a, "fileName"),
                text(a, "contentType"), a.path("size").asLong())));
        return new OutboxMessage(required(n, "id"), n.path("seq").asLong(), Instant.parse(required(n, "time")),
                text(n, "region"), required(n, "from"), strings(n, "to"), strings(n, "cc"), strings(n, "bcc"),
                strings(n, "replyTo"), text(n, "subject"), text(n, "text"), text(n, "html"),
                text(n, "configurationSet"), tags, n.path("raw").asBoolean(), attachments);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("outbox message without " + field);
        }
        return v;
    }
}
