package dam.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dynalite child process (node) on a free loopback port, storing its LevelDB under {@code levelDir}.
 * Not restarted by itself: {@link DynamoDbProvider} supervises it.
 */
final class DynaliteServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynaliteServer.class);

    /*
     * Runs dynalite like its cli.js does, and also exits when its stdin closes: stdin is a pipe from this JVM, so a
     * kill -9 of the local cloud never leaves an orphan holding the LevelDB lock of the data dir.
     * SIGTERM closes the server and the database gracefully (with a 3 s fallback).
     */
    private static final String LAUNCHER = """
            const [dynalite, port, path, createTableMs] = process.argv.slice(1)
            const { Level } = require(require.resolve('level', { paths: [dynalite] }))
            let server
            let stopping = false
            // dynalite opens the store lazily and then only says "Database is not open": open it once first so a
            // corrupt store or one locked by another process is reported with its cause.
            const probe = new Level(path)
            probe.open().then(() => probe.close()).then(() => {
              server = require(dynalite)({ path, createTableMs: Number(createTableMs) })
              server.listen(Number(port), '127.0.0.1', () => console.log('dynalite listening on 127.0.0.1:' + port))
            }, (err) => {
              console.error('cannot open the LevelDB store at ' + path + ': ' + (err.cause || err).message)
              process.exit(1)
            })
            function stop(why) {
              if (stopping) return
              stopping = true
              console.log('dynalite stopping: ' + why)
              setTimeout(() => process.exit(0), 3000).unref()
              if (server) server.close(() => process.exit(0))
              else process.exit(0)
            }
            process.on('SIGTERM', () => stop('SIGTERM'))
            process.on('SIGINT', () => stop('SIGINT'))
            process.stdin.on('end', () => stop('parent went away'))
            process.stdin.on('error', () => stop('parent went away'))
            process.stdin.resume()
            """;

    // dynalite requires a well-formed SigV4 header but does not verify signatures.
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/"
            + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0";
    static final String TARGET_PREFIX = "DynamoDB_20120810";

    private final Path dynaliteDir;
    private final Path levelDir;
    private final Path logFile;
    private final HttpClient http;
    private final Duration startTimeout;
    private Process process;
    private URI uri;

    DynaliteServer(Path nodeModules, Path levelDir, Path logFile, HttpClient http, Duration startTimeout) {
        this.dynaliteDir = nodeModules.resolve("dynalite");
        this.levelDir = levelDir;
        this.logFile = logFile;
        this.http = http;
        this.startTimeout = startTimeout;
    }

    /** Starts the child and waits until it answers ListTables; on failure the child is stopped and the log quoted. */
    void start() {
        if (!Files.isRegularFile(dynaliteDir.resolve("cli.js"))) {
            throw new IllegalStateException("dynalite is not installed at " + dynaliteDir
                    + " (run `npm ci` in local/node)");
        }
        IllegalStateException last = null;
        // A free port can be taken by someone else between probing and binding: try a few.
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                startOnce(freePort());
                return;
            } catch (IllegalStateException e) {
                last = e;
                LOG.warn("dynalite start attempt {} failed: {}", attempt, e.getMessage());
            }
        }
        throw last;
    }

    private void startOnce(int port) {
        try {
            Files.createDirectories(levelDir);
            Files.createDirectories(logFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the dynalite data dir " + levelDir, e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "-e", LAUNCHER, dynaliteDir.toString(),
                    Integer.toString(port), levelDir.toString(), "50"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dynalite with `node` (is Node.js on PATH?): " + e, e);
        }
        uri = URI.create("http://127.0.0.1:" + port + "/");
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with code " + process.exitValue()
                        + " during start; log " + logFile + ":\n" + logTail());
            }
            try {
                HttpResponse<byte[]> r = post("ListTables", "{}".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(2));
                if (r.statusCode() == 200) {
                    LOG.info("dynalite pid {} ready on {} (data {})", process.pid(), uri, levelDir);
                    return;
                }
                lastProblem = "HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for dynalite", e);
            }
            try {
                Thread.sleep(25); // polling a child process we just started; nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for dynalite", e);
            }
        }
        stop();
        throw new IllegalStateException("dynalite did not answer ListTables within " + startTimeout + " on " + uri
                + " (last: " + lastProblem + "); log " + logFile + ":\n" + logTail());
    }

    /** POSTs one DynamoDB JSON operation to the child. */
    HttpResponse<byte[]> post(String operation, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", TARGET_PREFIX + "." + operation)
                .header("X-Amz-Date", "20250101T000000Z")
                .header("Authorization", AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    Process process() {
        return process;
    }

    URI uri() {
        return uri;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the child (and any children of it): gracefully first, forcibly after 5 s. */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                LOG.warn("dynalite pid {} ignored SIGTERM for 5 s; killing it", p.pid());
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
