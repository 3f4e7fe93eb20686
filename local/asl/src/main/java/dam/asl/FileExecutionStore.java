package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A journal under a directory: {@code executions/<sha>/header.json} (written once), {@code history.jsonl}
 * (appended) and {@code state.json} (replaced atomically), plus {@code closed-tokens.txt}. A crash between the
 * history append and the snapshot is harmless: on load the history is cut to the snapshot's eventCount and the
 * execution resumes from that snapshot.
 */
public final class FileExecutionStore implements ExecutionStore {
    private final Path executions;
    private final Path closedTokens;

    public FileExecutionStore(Path dir) {
        this.executions = dir.resolve("executions");
        this.closedTokens = dir.resolve("closed-tokens.txt");
        try {
            Files.createDirectories(executions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the execution store under " + dir, e);
        }
    }

    private Path dirOf(String arn) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            return executions.resolve(HexFormat.of().formatHex(d, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void started(String executionArn, JsonNode header) {
        Path dir = dirOf(executionArn);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve("header.json"), Json.write(header));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store execution " + executionArn, e);
        }
    }

    @Override
    public synchronized void progress(String executionArn, List<HistoryEvent> newEvents, JsonNode state) {
        Path dir = dirOf(executionArn);
        try {
            if (!newEvents.isEmpty()) {
                try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("history.jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    for (HistoryEvent e : newEvents) {
                        w.write(Json.write(toJson(e)));
                        w.newLine();
                    }
                }
            }
            writeAtomically(dir.resolve("state.json"), Json.write(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store progress of " + executionArn, e);
        }
    }

    @Override
    public synchronized void tokenClosed(String token) {
        try {
            Files.writeString(closedTokens, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record closed task token", e);
        }
    }

    @Override
    public Set<String> closedTokens() {
        if (!Files.exists(closedTokens)) {
            return Set.of();
        }
        try {
            Set<String> out = new HashSet<>();
            for (String line : Files.readAllLines(closedTokens, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read closed task tokens", e);
        }
    }

    @Override
    public List<Stored> loadAll() {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(executions)) {
            for (Path dir : dirs.sorted().toList()) {
                Path header = dir.resolve("header.json");
                Path state = dir.resolve("state.json");
                if (!Files.exists(header) || !Files.exists(state)) {
                    continue; // crashed before its first snapshot: it never visibly started
                }
                JsonNode st = Json.parse(Files.readString(state, StandardCharsets.UTF_8));
                long count = st.path("eventCount").asLong();
                List<HistoryEvent> history = new ArrayList<>();
                Path h = dir.resolve("history.jsonl");
                if (Files.exists(h)) {
                    for (String line : Files.readAllLines(h, StandardCharsets.UTF_8)) {
                        if (history.size() >= count) {
                            break;
                        }
                        if (!line.isBlank()) {
                            history.add(fromJson(Json.parse(line)));
                        }
                    }
                }
                out.add(new Stored(Json.parse(Files.readString(header, StandardCharsets.UTF_8)), history, st));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load executions from " + executions, e);
        }
        return out;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static ObjectNode toJson(HistoryEvent e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("prev", e.previousEventId());
        o.put("ts", e.timestamp().toEpochMilli());
        o.put("type", e.type());
        o.set("details", e.details());
        return o;
    }

    static HistoryEvent fromJson(JsonNode o) {
        return new HistoryEvent(o.get("id").asLong(), o.get("prev").asLong(),
                Instant.ofEpochMilli(o.get("ts").asLong()), o.get("type").asText(), (ObjectNode) o.get("details"));
    }
}
