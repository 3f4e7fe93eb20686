package dam.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Bytes straight to and from storage through presigned URLs (no credentials of ours): PUT a file or a slice of it,
 * GET into a file. Progress is reported in bytes as they stream. A failed transfer is retried a few times from the
 * start (presigned URLs stay valid for minutes); the caller's progress sees the restart as negative bytes.
 */
final class Storage {

    /** A downloaded file: its size and SHA-256. */
    record Fetched(long size, String sha256) {
    }

    private static final int ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;
    private final ApiClient.Backoff backoff;

    Storage(HttpClient http, ApiClient.Backoff backoff) {
        this.http = http;
        this.backoff = backoff;
    }

    /**
     * PUTs {@code length} bytes of {@code file} from {@code offset} with exactly the {@code headers} the plan signed
     * (Content-Length is set by the client from the length); answers the ETag.
     */
    String put(URI url, Map<String, String> headers, Path file, long offset, long length, LongConsumer progress) {
        for (int attempt = 1; ; attempt++) {
            long[] sent = {0};
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                () -> counting(slice(file, offset, length), n -> {
                                    sent[0] += n;
                                    progress.accept(n);
                                })), length));
                headers.forEach((k, v) -> {
                    if (!k.equalsIgnoreCase("Content-Length") && !k.equalsIgnoreCase("Host")) {
                        b.header(k, v);
                    }
                });
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.headers().firstValue("ETag").orElse("");
                }
                if (r.statusCode() < 500 || attempt == ATTEMPTS) {
                    throw new StorageException("storage refused the upload (" + r.statusCode() + "): "
                            + abbreviate(r.body()));
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == ATTEMPTS) {
                    throw new StorageException("upload failed: " + e, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted", e);
            }
            progress.accept(-sent[0]);
            pause(attempt);
        }
    }

    /** GETs {@code url} into {@code target} (written to a temporary file first, then moved into place). */
    Fetched get(URI url, Path target, LongConsumer expectedSize, LongConsumer progress) {
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        for (int attempt = 1; ; attempt++) {
            long[] got = {0};
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    String body = new String(r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    if (r.statusCode() < 500 || attempt == ATTEMPTS) {
                        throw new StorageException("storage refused the download (" + r.statusCode() + "): "
                                + abbreviate(body));
                    }
                } else {
                    r.headers().firstValueAsLong("Content-Length").ifPresent(expectedSize);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = counting(r.body(), n -> {
                        got[0] += n;
                        progress.accept(n);
                    }); OutputStream out = new DigestOutputStream(Files.newOutputStream(part,
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE), sha)) {
                        in.transferTo(out);
                    }
                    try (var channel = java.nio.channels.FileChannel.open(part, StandardOpenOption.WRITE)) {
                        channel.force(true); // the manifest entry written next must never name a lost file
                    }
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return new Fetched(got[0], HexFormat.of().formatHex(sha.digest()));
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw new StorageException("download failed: " + e, e);
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted", e);
            }
            progress.accept(-got[0]);
            pause(attempt);
        }
    }

    private void pause(int attempt) {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    static InputStream slice(Path file, long offset, long length) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream counting(InputStream in, LongConsumer bytes) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.accept(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytes.accept(n);
                }
                return n;
            }
        };
    }

    /** A transfer that failed for good; the message says why. */
    static final class StorageException extends RuntimeException {
        StorageException(String message) {
            super(message);
        }

        StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
