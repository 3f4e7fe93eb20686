package dam.local.lambda;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code <stateDir>/logs/<function>.log}: every worker's output plus START/END/REPORT lines, like a log group. */
final class FunctionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionLog.class);

    private final Path file;
    private final OutputStream out;
    private boolean closed;

    FunctionLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the function log " + file, e);
        }
    }

    Path file() {
        return file;
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (closed) {
            // output a killed worker left in its pipe after the local cloud stopped: nowhere to go
            LOG.debug("dropping {} bytes for closed {}", length, file);
            return;
        }
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            LOG.warn("cannot append to {}: {}", file, e.toString());
        }
    }

    void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close {}: {}", file, e.toString());
        }
    }
}
