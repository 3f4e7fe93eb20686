package dam.local.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Copies a worker's stdout+stderr into the function log and keeps what the current invocation printed, so Invoke
 * with LogType=Tail returns only that invocation's lines even when several workers share one log file.
 *
 * <p>It copies only what {@code available()} reports, never blocking inside a read while holding its lock, so the
 * invoking thread can copy the rest itself: the runtime prints before it posts the response, so everything printed
 * for an invocation is in the pipe by then.
 */
final class OutputPump implements Runnable {

    private static final int CAPTURE_LIMIT = 64 * 1024;
    private static final long MIN_PARK = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_PARK = TimeUnit.MILLISECONDS.toNanos(50);

    private final InputStream in;
    private final FunctionLog log;
    private final BooleanSupplier producerAlive;
    private final ByteArrayOutputStream capture = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];

    OutputPump(InputStream in, FunctionLog log, BooleanSupplier producerAlive) {
        this.in = in;
        this.log = log;
        this.producerAlive = producerAlive;
    }

    @Override
    public void run() {
        long park = MIN_PARK;
        try {
            while (true) {
                if (copyAvailable() > 0) {
                    park = MIN_PARK;
                } else if (!producerAlive.getAsBoolean()) {
                    // A dead process writes nothing more: what it wrote is in the pipe, readable without blocking
                    // (a blocking read could hang on a leftover child holding the pipe).
                    drain();
                    return;
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(park * 2, MAX_PARK);
                }
            }
        } catch (IOException e) {
            log.line("[local lambda] worker output closed: " + e);
        }
    }

    /** Starts capturing for a new invocation. */
    synchronized void resetCapture() {
        capture.reset();
    }

    /** What was printed since {@link #resetCapture()}, including bytes still waiting in the pipe. */
    synchronized String captured() {
        try {
            drain();
        } catch (IOException e) {
            log.line("[local lambda] worker output closed: " + e);
        }
        return capture.toString(StandardCharsets.UTF_8);
    }

    private synchronized void drain() throws IOException {
        int copied;
        do {
            copied = copyAvailable();
        } while (copied > 0);
    }

    private synchronized int copyAvailable() throws IOException {
        int available = in.available();
        if (available <= 0) {
            return 0;
        }
        int n = in.read(buffer, 0, Math.min(available, buffer.length));
        copy(n);
        return n;
    }

    private void copy(int n) {
        if (n <= 0) {
            return;
        }
        log.write(buffer, 0, n);
        if (capture.size() < CAPTURE_LIMIT) {
            capture.write(buffer, 0, Math.min(n, CAPTURE_LIMIT - capture.size()));
        }
    }
}
