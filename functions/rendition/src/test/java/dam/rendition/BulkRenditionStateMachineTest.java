package dam.rendition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.asl.Engine;
import dam.asl.FakeClock;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.ExecutionStore;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.StateFailure;
import dam.asl.LambdaInvokeTasks;
import dam.core.FieldError;
import dam.core.ValidationException;
import dam.core.bulk.BulkFinisher;
import dam.core.bulk.BulkItem;
import dam.core.bulk.BulkJob;
import dam.core.bulk.BulkJobs;
import dam.core.bulk.BulkStatus;
import dam.core.bulk.BulkWorker;
import dam.core.bulk.memory.InMemoryBulkFiles;
import dam.core.bulk.memory.InMemoryBulkJobStore;
import dam.core.json.Json;
import dam.core.memory.RecordingEventPublisher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * statemachines/bulk-rendition.asl.json on the local ASL engine (Distributed Map over the JSONL manifest, batches of
 * 25, tolerated failures, ResultWriter) with {@link BulkStepHandler} on in-memory stores: every item rendered and
 * counted once through crashes, retries and a resume.
 */
class BulkRenditionStateMachineTest {

    static final Path DEFINITION = Path.of("../../statemachines/bulk-rendition.asl.json");
    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:bulk";
    static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:bulk-rendition";
    static final String BUCKET = "derivatives";

    private final ObjectMapper json = Json.mapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryBulkJobStore jobs = new InMemoryBulkJobStore();
    private final InMemoryBulkFiles files = new InMemoryBulkFiles();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final List<String> rendered = new CopyOnWriteArrayList<>();
    private final Set<String> broken = new HashSet<>();
    /** Batches that crash (a worker dying) before they finish: counts down. */
    private int crashes;
    /** Assets whose items crash their batch on every attempt (a worker that dies on them). */
    private final Set<String> crashing = new HashSet<>();
    private final BulkStepHandler handler = new BulkStepHandler(new BulkWorker(jobs, item -> {
        if (crashes > 0 || crashing.contains(item.assetId())) {
            crashes = Math.max(0, crashes - 1);
            throw new IllegalStateException("worker crashed");
        }
        if (broken.contains(item.assetId())) {
            throw new ValidationException(new FieldError("file", FieldError.Codes.INVALID, "cannot decode"));
        }
        String key = "downloads/" + item.assetId() + "/" + item.version() + "/" + item.preset() + "." + item.format();
        if (!files.has(key)) { // the derivative cache
            rendered.add(key);
            files.put(key, ("image " + key).getBytes(StandardCharsets.UTF_8));
        }
        return key;
    }, events, clock), new BulkFinisher(jobs, files, events, clock, json), json);
    private final FakeClock time = new FakeClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final Engine engine = new Engine(time, new LambdaInvokeTasks(r -> {
        try {
            assertThat(r.parameters().path("FunctionName").asText()).isEqualTo(FN);
            var result = json.createObjectNode();
            result.set("Payload", handler.handle(r.parameters().path("Payload")));
            return CompletableFuture.completedFuture(result);
        } catch (RuntimeException | IOException e) {
            return CompletableFuture.failedFuture(new StateFailure(e.getClass().getName(), e.getMessage()));
        }
    }), new ObjectStorePort() {
        @Override
        public byte[] get(String bucket, String key) {
            assertThat(bucket).isEqualTo(BUCKET);
            return files.get(key);
        }

        @Override
        public void put(String bucket, String key, byte[] body) {
            assertThat(bucket).isEqualTo(BUCKET);
            files.put(key, body);
        }
    }, ExecutionStore.IN_MEMORY, Runnable::run, "us-east-1");

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theDefinitionParsesAndNamesOnlyKnownPlaceholders() throws IOException {
        String raw = Files.readString(DEFINITION);
        assertThat(Pattern.compile("\\$\\{\\w+}").matcher(raw).results().map(m -> m.group()).distinct().sorted())
                .containsExactly("${BulkFunctionArn}", "${DerivativesBucket}");
        engine.parse(definition());
    }

    @Test
    void everyItemIsRenderedOnceAndTheZipHoldsEachFileOnceThroughBatchCrashes() throws IOException {
        String id = job(40, "story", "linkedin"); // 80 items = 4 batches
        crashes = 2; // two batch attempts die; the Task's retry runs them again
        ExecutionInfo e = run(id, 1);
        assertThat(e.status()).as("%s", e.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        BulkJob job = jobs.find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(BulkStatus.COMPLETED);
        assertThat(job.done()).isEqualTo(80);
        assertThat(rendered).hasSize(80).doesNotHaveDuplicates();
        assertThat(zipEntries(id)).hasSize(80).doesNotHaveDuplicates();
        assertThat(csv(id)).filteredOn(r -> r.contains(",done,")).hasSize(80);
        assertThat(files.has("bulk-results/")).isFalse();
        assertThat(events.ofType(BulkJobs.COMPLETED)).hasSize(1);
        assertThat(e.output().path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void refusedFilesFailAloneWithinTheToleratedPercentage() throws IOException {
        String id = job(40, "story", "linkedin");
        broken.add("a007");
        ExecutionInfo e = run(id, 1);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        BulkJob job = jobs.find(id).orElseThrow();
        assertThat(job.done()).isEqualTo(78);
        assertThat(job.failed()).isEqualTo(2);
        assertThat(csv(id)).filteredOn(r -> r.startsWith("a007,")).allSatisfy(r -> assertThat(r)
                .contains(",failed,").endsWith("cannot decode"));
        assertThat(zipEntries(id)).hasSize(78);
    }

    @Test
    void aRunThatFailsBeyondToleranceEndsFailedAndAResumeFinishesWithoutRedoingAnything() throws IOException {
        String id = job(40, "story", "linkedin");
        for (int a = 30; a < 40; a++) { // items 60..79: batch 3 crashes after 10 items, batch 4 at once
            crashing.add(String.format("a%03d", a));
        }
        ExecutionInfo first = run(id, 1);
        assertThat(first.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(first.error()).isEqualTo("BulkJobFailed");
        BulkJob failed = jobs.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(BulkStatus.FAILED);
        assertThat(failed.error()).contains("States.ExceedToleratedFailureThreshold");
        assertThat(rendered).hasSize(60);
        assertThat(failed.done()).isEqualTo(60);
        assertThat(csv(id)).filteredOn(r -> r.contains(",pending,")).hasSize(20);
        assertThat(zipEntries(id)).as("what was done is downloadable already").hasSize(60);

        crashing.clear();
        jobs.restart(id, clock.instant());
        ExecutionInfo second = run(id, 2);
        assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        BulkJob done = jobs.find(id).orElseThrow();
        assertThat(done.done()).isEqualTo(80);
        assertThat(rendered).hasSize(80).doesNotHaveDuplicates();
        assertThat(zipEntries(id)).hasSize(80).doesNotHaveDuplicates();
        assertThat(events.ofType(BulkJobs.COMPLETED)).extracting(ev -> (Object) ((Map<?, ?>) ev.detail())
                .get("status")).containsExactly("FAILED", "COMPLETED");
    }

    private String job(int assets, String... presets) {
        String id = "job-" + assets + "-" + presets.length;
        List<BulkItem> items = new ArrayList<>();
        for (int a = 0; a < assets; a++) {
            for (String p : presets) {
                items.add(new BulkItem(String.format("a%03d", a), 1, p, "png"));
            }
        }
        StringBuilder manifest = new StringBuilder();
        for (BulkItem i : items) {
            try {
                manifest.append(json.writeValueAsString(i)).append('\n');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        files.put(BulkJobs.manifestKey(id), manifest.toString().getBytes(StandardCharsets.UTF_8));
        files.put(BulkJobs.skippedKey(id), "[]".getBytes(StandardCharsets.UTF_8));
        jobs.create(new BulkJob(id, "mia", BulkStatus.RUNNING, "png", List.of(presets), items.size(), 0, 0, 0, 1,
                clock.instant(), clock.instant(), null));
        return id;
    }

    private ExecutionInfo run(String jobId, int run) {
        var input = json.createObjectNode().put("jobId", jobId).put("run", run).put("bucket", BUCKET)
                .put("manifestKey", BulkJobs.manifestKey(jobId)).put("concurrency", 2);
        try {
            ExecutionInfo started = engine.start(new StartRequest("arn:aws:states:us-east-1:000000000000:execution:"
                    + "bulk-rendition:" + jobId + "-" + run, MACHINE, "arn:aws:iam::000000000000:role/sfn",
                    definition(), input));
            while (time.runNextTimer()) {
                // retry back-offs fire in order until the execution settles
            }
            return engine.describe(started.executionArn()).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String definition() throws IOException {
        return Files.readString(DEFINITION).replace("${BulkFunctionArn}", FN).replace("${DerivativesBucket}", BUCKET);
    }

    private List<String> csv(String jobId) {
        return new String(files.get(BulkJobs.resultKey(jobId)), StandardCharsets.UTF_8).lines().skip(1).toList();
    }

    private List<String> zipEntries(String jobId) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(files.get(BulkJobs.zipKey(jobId))))) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                names.add(e.getName());
                assertThat(new String(zin.readAllBytes(), StandardCharsets.UTF_8)).startsWith("image downloads/");
            }
        }
        return names;
    }
}
