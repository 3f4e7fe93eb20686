package dam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON-lines file that survives a kill at any moment: each record is one line written and forced to
 * disk before the caller goes on, and a line cut short by a crash (no trailing newline, or not JSON) is dropped when
 * the file is opened again, so the next append starts on a clean line.
 */
final class Journal implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final List<ObjectNode> records;
    private final ObjectMapper json;

    private Journal(Path file, FileChannel channel, List<ObjectNode> records, ObjectMapper json) {
        this.file = file;
        this.channel = channel;
        this.records = records;
        this.json = json;
    }

    static Journal open(Path file, ObjectMapper json) throws IOException {
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        int end = lastNewline(bytes) + 1; // bytes after the last newline are a torn record
        List<ObjectNode> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
                start = i + 1;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    if (json.readTree(line) instanceof ObjectNode node) {
                        records.add(node);
                    }
                } catch (IOException e) {
                    // A line another tool mangled: skipping it only means that file is looked at again.
                    System.err.println("warning: " + file + ": ignoring an unreadable line: " + e.getMessage());
                }
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (end < bytes.length) {
            channel.truncate(end);
            channel.force(true);
        }
        channel.position(end);
        return new Journal(file, channel, records, json);
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The records read when the journal was opened, oldest first. */
    List<ObjectNode> records() {
        return List.copyOf(records);
    }

    /** Writes one record and forces it to disk (one writer thread at a time). */
    synchronized void append(ObjectNode record) throws IOException {
        byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
