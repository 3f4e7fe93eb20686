package dam.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.event.OutboundEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Batches, progress, the result manifest and ZIP, and resuming: each item rendered and counted exactly once. */
class BulkRunTest {

    private final BulkFixture f = new BulkFixture();

    private String job(int assets, String... presets) {
        List<String> ids = IntStream.range(0, assets).mapToObj(i -> f.asset(String.format("a%03d", i))).toList();
        return f.service.create(BulkFixture.OWNER, f.request(ids, presets)).job().jobId();
    }

    @Test
    void aBatchRunTwiceRendersAndCountsEachItemOnce() {
        String id = job(3, "story", "linkedin");
        List<BulkItem> items = f.manifest(id);
        BulkWorker.BatchResult first = f.worker.run(id, items.subList(0, 4));
        assertThat(first).isEqualTo(new BulkWorker.BatchResult(4, 0, 0));
        BulkWorker.BatchResult again = f.worker.run(id, items.subList(0, 4));
        assertThat(again).isEqualTo(new BulkWorker.BatchResult(0, 0, 4));
        assertThat(f.rendered).hasSize(4).doesNotHaveDuplicates();
        assertThat(f.jobs.find(id).orElseThrow().done()).isEqualTo(4);
    }

    @Test
    void aDerivativeADownloadAlreadyMadeIsNotRenderedAgain() {
        String id = job(1, "story");
        BulkItem item = f.manifest(id).get(0);
        f.downloads.download(BulkFixture.OWNER, item.assetId(), new dam.core.library.DownloadRequest("png",
                "story", null, null, null));
        assertThat(f.rendered).hasSize(1);
        f.worker.run(id, List.of(item));
        assertThat(f.rendered).as("served from the downloads' cache").hasSize(1);
        assertThat(f.jobs.outcomes(id)).singleElement().satisfies(o -> assertThat(o.key()).isEqualTo(f.rendered
                .get(0)));
    }

    @Test
    void aRefusedFileFailsAloneAndACrashFailsTheBatchAfterRecordingWhatWasRendered() {
        String id = job(4, "story");
        f.refused.add("a001");
        List<BulkItem> items = f.manifest(id);
        f.crashAfter = 2; // a000 renders, a001 is refused (counts as an attempt), a002 crashes
        assertThatThrownBy(() -> f.worker.run(id, items)).hasMessageContaining("crashed");
        BulkJob mid = f.jobs.find(id).orElseThrow();
        assertThat(mid.done()).isEqualTo(1);
        assertThat(mid.failed()).isEqualTo(1);
        f.crashAfter = -1;
        assertThat(f.worker.run(id, items)).isEqualTo(new BulkWorker.BatchResult(2, 0, 2));
        BulkJob end = f.jobs.find(id).orElseThrow();
        assertThat(end.done() + end.failed()).isEqualTo(end.total());
        assertThat(f.rendered).doesNotHaveDuplicates().hasSize(3);
        assertThat(f.jobs.outcomes(id)).filteredOn(o -> !o.ok()).singleElement()
                .satisfies(o -> assertThat(o.error()).contains("cannot decode"));
    }

    @Test
    void progressEventsGoOutOncePerStep() {
        String id = job(125, "story", "linkedin"); // 250 items, a step of 100
        List<BulkItem> items = f.manifest(id);
        for (int i = 0; i < items.size(); i += 25) {
            f.worker.run(id, items.subList(i, Math.min(items.size(), i + 25)));
            f.worker.run(id, items.subList(i, Math.min(items.size(), i + 25))); // a retried batch adds nothing
        }
        List<OutboundEvent> progress = f.events.ofType(BulkJobs.PROGRESS);
        assertThat(progress).extracting(e -> (Object) ((Map<?, ?>) e.detail()).get("done")).containsExactly(100L, 200L);
        assertThat(progress).allSatisfy(e -> assertThat(e.source()).isEqualTo("dam.bulk"));
    }

    @Test
    void theFinishWritesAManifestRowPerItemAndAZipWithEveryRenderedFileOnce() throws IOException {
        f.asset("hidden");
        f.drafts.add("hidden");
        List<String> ids = new ArrayList<>(List.of("hidden"));
        IntStream.range(0, 3).forEach(i -> ids.add(f.asset("b" + i)));
        f.refused.add("b1");
        String id = f.service.create(BulkFixture.OWNER, f.request(ids, "story", "linkedin")).job().jobId();
        List<BulkItem> items = f.manifest(id);
        f.worker.run(id, items.subList(0, 3));
        // items 3..5 never ran (their batch failed beyond its retries): the completed run records them failed
        BulkJob done = f.finisher.finish(id, true, null);
        assertThat(done.status()).isEqualTo(BulkStatus.COMPLETED);
        assertThat(done.done()).as("b0 story + linkedin").isEqualTo(2);
        assertThat(done.failed()).as("b1 story refused, 3 never ran").isEqualTo(4);
        String csv = new String(f.files.get(BulkJobs.resultKey(id)), StandardCharsets.UTF_8);
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).isEqualTo(BulkFinisher.HEADER);
        assertThat(rows).hasSize(1 + 6 + 2);
        assertThat(rows).filteredOn(r -> r.contains(",skipped,")).hasSize(2)
                .allSatisfy(r -> assertThat(r).startsWith("hidden,").endsWith("asset not found"));
        assertThat(rows).filteredOn(r -> r.contains(",failed,") && r.contains("batch failed")).hasSize(3);

        Map<String, String> zip = unzip(f.files.get(BulkJobs.zipKey(id)));
        List<String> okKeys = f.jobs.outcomes(id).stream().filter(ItemOutcome::ok).map(o -> o.item().zipEntry())
                .toList();
        assertThat(zip.keySet()).containsExactlyInAnyOrderElementsOf(okKeys);
        assertThat(zip.get("story/b0-v1.png")).startsWith("image downloads/b0/1/story-1080x1920");

        f.finisher.finish(id, true, null); // a retried last step: same files, one event
        assertThat(f.events.ofType(BulkJobs.COMPLETED)).singleElement().satisfies(e -> {
            Map<?, ?> d = (Map<?, ?>) e.detail();
            assertThat(d.get("status")).isEqualTo("COMPLETED");
            assertThat(d.get("skipped")).isEqualTo(2L);
            assertThat(d.get("zipKey")).isEqualTo(BulkJobs.zipKey(id));
        });
        assertThat(f.service.get(BulkFixture.OWNER, id).zipUrl().toString()).contains(BulkJobs.zipKey(id));
    }

    @Test
    void aFailedRunLeavesItemsPendingAndAResumeFinishesThemWithoutRedoingAny() throws IOException {
        String id = job(10, "story", "linkedin");
        List<BulkItem> items = f.manifest(id);
        f.worker.run(id, items.subList(0, 8));
        BulkJob failed = f.finisher.finish(id, false, "States.ExceedToleratedFailureThreshold");
        assertThat(failed.status()).isEqualTo(BulkStatus.FAILED);
        String csv = new String(f.files.get(BulkJobs.resultKey(id)), StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(r -> r.contains(",pending,"))).hasSize(12);

        BulkJob resumed = f.service.resume(BulkFixture.OWNER, id);
        for (int i = 0; i < items.size(); i += 5) {
            f.worker.run(id, items.subList(i, i + 5)); // run 2 goes over the whole manifest again
        }
        BulkJob end = f.finisher.finish(id, true, null);
        assertThat(end.run()).isEqualTo(2);
        assertThat(end.done()).isEqualTo(20);
        assertThat(f.rendered).hasSize(20).doesNotHaveDuplicates();
        assertThat(unzip(f.files.get(BulkJobs.zipKey(id)))).hasSize(20);
        assertThat(f.events.ofType(BulkJobs.COMPLETED)).extracting(e -> (Object) ((Map<?, ?>) e.detail()).get("status"))
                .containsExactly("FAILED", "COMPLETED");
        assertThat(resumed.status()).isEqualTo(BulkStatus.RUNNING);
    }

    @Test
    void csvCellsAreQuotedAndNeverFormulas() {
        assertThat(BulkFinisher.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(BulkFinisher.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(BulkFinisher.csv("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(BulkFinisher.csv(null)).isEmpty();
    }

    private static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (out.put(e.getName(), new String(zin.readAllBytes(), StandardCharsets.UTF_8)) != null) {
                    throw new AssertionError("duplicate entry " + e.getName());
                }
            }
        }
        return out;
    }
}
