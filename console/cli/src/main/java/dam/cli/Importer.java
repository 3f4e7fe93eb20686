package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uploads a folder into a brief and waits for each version's ingest, resumably. Per file: hash it, ask the API for an
 * upload ({@code POST /assets} with an Idempotency-Key derived from brief, path and content hash — a repeat returns
 * the same asset and version, never a second one), send the bytes (presigned PUT, or the multipart plan for big
 * files), then poll {@code GET /assets/{id}/versions/{n}} until ready or rejected. Every step is journalled before the
 * next starts, so a rerun after Ctrl-C or kill -9 uploads only what is missing.
 */
final class Importer {

    /** How a run ended, per file outcome. {@code uploaded} counts files whose bytes this run sent. */
    record Summary(int files, int ready, int rejected, int refused, int failed, int pending, int uploaded,
                   int resumed) {

        boolean complete() {
            return rejected + refused + failed + pending == 0;
        }
    }

    private enum Outcome { READY, REJECTED, REFUSED, FAILED }

    private final ApiClient api;
    private final Storage storage;
    private final ImportJournal journal;
    private final Progress progress;
    private final ObjectMapper json;
    private final String brief;
    private final int parallel;
    private final Duration pollInterval;
    private final Duration waitTimeout;

    private final Map<String, ImportJournal.Entry> pending = new ConcurrentHashMap<>();
    private final Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger uploaded = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();
    private final AtomicReference<CliException> fatal = new AtomicReference<>();

    Importer(ApiClient api, Storage storage, ImportJournal journal, Progress progress, ObjectMapper json, String brief,
             int parallel, Duration pollInterval, Duration waitTimeout) {
        this.api = api;
        this.storage = storage;
        this.journal = journal;
        this.progress = progress;
        this.json = json;
        this.brief = brief;
        this.parallel = parallel;
        this.pollInterval = pollInterval;
        this.waitTimeout = waitTimeout;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicInteger());
        }
    }

    /** Every regular file under {@code folder}, sorted, skipping hidden files and folders (the journal too). */
    static List<Path> files(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : folder.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        }
    }

    static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** The Idempotency-Key of one file's upload: the same brief, path and content always ask for the same version. */
    static String idempotencyKey(String brief, String relativePath, String sha256) {
        return "dam-cli-import-" + Hashes.sha256(brief + "\n" + relativePath + "\n" + sha256);
    }

    Summary run(Path folder, List<Path> files) throws InterruptedException {
        progress.begin("import", files.size(), 0);
        ExecutorService workers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "dam-import");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (Path file : files) {
                tasks.add(workers.submit(() -> prepare(folder, file)));
            }
            workers.shutdown();
            long deadline = Long.MAX_VALUE;
            while (true) {
                if (fatal.get() != null) {
                    throw fatal.get();
                }
                boolean sending = tasks.stream().anyMatch(f -> !f.isDone());
                if (!sending && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + waitTimeout.toNanos();
                }
                pollOnce();
                if (!sending && pending.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(pollInterval.toMillis());
            }
            if (fatal.get() != null) {
                throw fatal.get();
            }
        } finally {
            workers.shutdownNow();
        }
        for (ImportJournal.Entry e : pending.values()) {
            progress.note("still processing after " + waitTimeout.toSeconds() + " s: " + e.file() + " (asset "
                    + e.assetId() + " v" + e.version() + "); rerun to keep waiting");
        }
        return new Summary(files.size(), count(Outcome.READY), count(Outcome.REJECTED), count(Outcome.REFUSED),
                count(Outcome.FAILED), pending.size(), uploaded.get(), resumed.get());
    }

    private int count(Outcome o) {
        return outcomes.get(o).get();
    }

    /** One file: decide from the journal, upload what is missing, hand the version to the poller. */
    private void prepare(Path folder, Path file) {
        String rel = relative(folder, file);
        try {
            if (fatal.get() != null) {
                return;
            }
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            Optional<ImportJournal.Entry> last = journal.last(brief, rel);
            String sha = ImportJournal.knownHash(last, size, modified).orElse(null);
            if (sha == null) {
                sha = Hashes.sha256(file);
            }
            switch (ImportJournal.decide(last, sha)) {
                case DONE -> {
                    ImportJournal.Entry e = last.orElseThrow();
                    resumed.incrementAndGet();
                    finish(e, e.state(), e.reasons(), " (earlier run)");
                }
                case WAIT -> {
                    resumed.incrementAndGet();
                    progress.event("waiting  " + rel + " (uploaded by an earlier run)");
                    pending.put(rel, last.orElseThrow());
                }
                case UPLOAD -> upload(file, rel, size, modified, sha);
            }
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.AUTH || e.exitCode() == ExitCodes.NOT_FOUND) {
                fatal.compareAndSet(null, e); // the same answer would come for every other file
            } else {
                failed(rel, e.getMessage());
            }
        } catch (ApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                fatal.compareAndSet(null, e.toCli("brief " + brief));
            } else {
                failed(rel, "the API answered " + e.status() + ": " + e.getMessage());
            }
        } catch (IOException | UncheckedIOException | Storage.StorageException e) {
            failed(rel, e.getMessage());
        } catch (RuntimeException e) {
            failed(rel, e.toString());
            e.printStackTrace(); // unexpected: the file counts as failed, the trace says where
        }
    }

    private void upload(Path file, String rel, long size, long modified, String sha) throws IOException {
        ObjectNode body = json.createObjectNode().put("briefId", brief)
                .put("fileName", file.getFileName().toString()).put("contentType", ContentTypes.of(rel))
                .put("size", size);
        JsonNode ticket;
        try {
            ticket = api.post("/assets", body, idempotencyKey(brief, rel, sha));
        } catch (ApiException e) {
            if (e.status() == 400 || e.status() == 409 || e.status() == 413 || e.status() == 415) {
                outcomes.get(Outcome.REFUSED).incrementAndGet();
                progress.finished(rel, "refused");
                progress.note("refused  " + rel + ": " + e.getMessage());
                return;
            }
            throw e;
        }
        String assetId = ticket.path("asset").path("id").asText();
        int version = ticket.path("version").path("number").asInt();
        journal.requested(brief, rel, size, modified, sha, assetId, version);
        ImportJournal.Entry entry = journal.last(brief, rel).orElseThrow();
        JsonNode plan = ticket.path("plan");
        boolean send = "uploading".equals(ticket.path("version").path("state").asText()) && plan.isObject();
        if (send) {
            send(file, rel, size, assetId, version, plan);
        }
        journal.uploaded(entry); // journalled before it is reported: what the output says done, a rerun knows
        if (send) {
            int n = uploaded.incrementAndGet();
            progress.event("uploaded " + rel + " (" + Progress.size(size) + "; " + n + " uploaded by this run)");
        } else {
            resumed.incrementAndGet();
            progress.event("waiting  " + rel + " (its bytes arrived in an earlier run)");
        }
        pending.put(rel, journal.last(brief, rel).orElseThrow());
    }

    private void send(Path file, String rel, long size, String assetId, int version, JsonNode plan) {
        try (Progress.Bar bar = progress.file(rel, size)) {
            if ("multipart".equals(plan.path("method").asText())) {
                long partSize = plan.path("partSize").asLong();
                ArrayNode parts = json.createArrayNode();
                for (JsonNode p : plan.path("parts")) {
                    int number = p.path("number").asInt();
                    long offset = (number - 1) * partSize;
                    long length = Math.min(partSize, size - offset);
                    String etag = storage.put(URI.create(p.path("url").asText()), Map.of(), file, offset, length,
                            bar::add);
                    parts.addObject().put("number", number).put("etag", etag);
                }
                String complete = plan.path("completePath").asText("/assets/" + Cli.encode(assetId) + "/versions/"
                        + version + "/uploads/complete");
                ObjectNode body = json.createObjectNode();
                body.set("parts", parts);
                api.post(complete, body, null);
            } else {
                Map<String, String> headers = new HashMap<>();
                plan.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                storage.put(URI.create(plan.path("url").asText()), headers, file, 0, size, bar::add);
            }
        }
    }

    /** One sweep over the versions waiting for ingest. */
    private void pollOnce() {
        for (ImportJournal.Entry e : List.copyOf(pending.values())) {
            if (fatal.get() != null) {
                return;
            }
            JsonNode v;
            try {
                v = api.get("/assets/" + Cli.encode(e.assetId()) + "/versions/" + e.version());
            } catch (ApiException ex) {
                if (ex.status() == 401 || ex.status() == 403) {
                    fatal.compareAndSet(null, ex.toCli("asset " + e.assetId()));
                    return;
                }
                progress.note("could not read " + e.file() + "'s state (" + ex.status() + "): " + ex.getMessage());
                continue;
            } catch (CliException ex) {
                progress.note("could not read " + e.file() + "'s state: " + ex.getMessage());
                continue;
            }
            String state = v.path("state").asText();
            if (state.equals("ready") || state.equals("rejected") || state.equals("quarantined")
                    || state.equals("expired")) {
                List<String> reasons = new ArrayList<>();
                v.path("reasons").forEach(r -> reasons.add(r.path("message").asText(r.path("code").asText())));
                try {
                    journal.ingested(e, state, reasons);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot write the journal " + journal.file(), ex);
                }
                pending.remove(e.file());
                finish(e, state, reasons, "");
            }
        }
    }

    private void finish(ImportJournal.Entry e, String state, List<String> reasons, String suffix) {
        boolean ready = "ready".equals(state);
        outcomes.get(ready ? Outcome.READY : Outcome.REJECTED).incrementAndGet();
        progress.finished(e.file(), state + suffix);
        if (!ready) {
            progress.note(state + " " + e.file() + " (asset " + e.assetId() + " v" + e.version() + "): "
                    + (reasons.isEmpty() ? "no reason given" : String.join("; ", reasons)));
        }
    }

    private void failed(String rel, String why) {
        outcomes.get(Outcome.FAILED).incrementAndGet();
        progress.finished(rel, "failed");
        progress.note("failed   " + rel + ": " + why + " (rerun to retry)");
    }
}
