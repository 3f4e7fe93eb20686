package dam.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ConflictException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.VersionState;
import dam.core.library.Preset;
import dam.core.library.RightsInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkJobServiceTest {

    private final BulkFixture f = new BulkFixture();

    @Test
    void aJobListsEveryAssetTimesEveryPresetInItsManifestAndStartsRunOne() {
        f.asset("a1");
        f.asset("a2");
        BulkJobService.Created c = f.service.create(BulkFixture.OWNER,
                f.request(List.of("a1", "a2", "a1"), "story", "linkedin"));
        BulkJob job = c.job();
        assertThat(job.status()).isEqualTo(BulkStatus.RUNNING);
        assertThat(job.total()).isEqualTo(4);
        assertThat(job.owner()).isEqualTo("mia");
        assertThat(job.format()).isEqualTo("png");
        assertThat(c.skipped()).isEmpty();
        assertThat(f.manifest(job.jobId())).containsExactly(
                new BulkItem("a1", 1, "story", "png"), new BulkItem("a1", 1, "linkedin", "png"),
                new BulkItem("a2", 1, "story", "png"), new BulkItem("a2", 1, "linkedin", "png"));
        assertThat(f.started).containsExactly(job.jobId() + "#1");
        assertThat(f.service.get(BulkFixture.OWNER, job.jobId()).zipUrl()).as("no links while running").isNull();
    }

    @Test
    void deniedHiddenExpiredUnreadyAndPresetlessAssetsAreListedAsSkippedWithReasons() {
        f.asset("ok");
        f.asset("draft");
        f.drafts.add("draft");
        f.asset("expired");
        f.rights.put(BulkFixture.ADMIN, "expired", "lic-1", new RightsInput("rights-managed", List.of("DE"),
                List.of("social"), "2026-01-01", "2026-05-31", null, null, null, null, null));
        f.asset("processing", "image/jpeg", VersionState.PROCESSING);
        f.asset("doc", "application/pdf", VersionState.READY);
        BulkJobService.Created c = f.service.create(BulkFixture.OWNER,
                f.request(List.of("ok", "draft", "expired", "processing", "doc", "missing"), "story"));
        assertThat(c.job().total()).isEqualTo(1);
        assertThat(c.job().skipped()).isEqualTo(5);
        assertThat(c.skipped()).extracting(Skip::assetId)
                .containsExactly("draft", "expired", "processing", "doc", "missing");
        assertThat(c.skipped().get(0).reason()).isEqualTo("asset not found"); // hidden = as if missing
        assertThat(c.skipped().get(1).reason()).contains("expired on 2026-05-31");
        assertThat(c.skipped().get(2).reason()).contains("no version is ready");
        assertThat(c.skipped().get(3).reason()).contains("application/pdf");
        assertThat(c.skipped().get(4).reason()).isEqualTo("asset not found");

        // A preset the asset's brand does not define is skipped for that asset only.
        f.library.savePresets("Acme", List.of(new Preset("billboard", 400, 100)));
        assertThatThrownBy(() -> f.service.create(BulkFixture.OWNER, f.request(List.of("ok"), "story")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().get(0).message())
                        .startsWith("unknown preset 'story'").contains("billboard"));
    }

    @Test
    void badInputIsA400AndStoresNothing() {
        f.asset("a1");
        assertThat(codes(new BulkJobService.Request(List.of(), null, List.of("story"), "png")))
                .containsExactly("assetIds:required");
        assertThat(codes(new BulkJobService.Request(Collections.nCopies(BulkJobs.MAX_ASSETS + 1, "a1"), null,
                List.of("story"), "png"))).containsExactly("assetIds:too_many");
        assertThat(codes(f.request(List.of("a1"), "billboard"))).containsExactly("presets[0]:unknown_value");
        assertThat(codes(new BulkJobService.Request(List.of("a1"), null, List.of(), "bmp")))
                .containsExactly("format:unknown_value", "presets:required");
        assertThat(codes(new BulkJobService.Request(List.of("a1"), BulkFixture.query("a"), List.of("story"),
                "png"))).containsExactly("assetIds:required");
        assertThat(codes(new BulkJobService.Request(List.of("a1", "../x", "' OR 1=1"), null,
                List.of("story", "story"), "png")))
                .containsExactly("presets[1]:duplicate", "assetIds[1]:invalid", "assetIds[2]:invalid");
        assertThat(codes(f.request(List.of("nope"), "story"))).as("nothing renderable")
                .containsExactly("assetIds:invalid", "assetIds:forbidden");
        assertThat(f.jobs.byOwner("mia", 10)).isEmpty();
        assertThat(f.started).isEmpty();
    }

    @Test
    void aSearchSelectsTheAssets() {
        f.asset("cat-1");
        f.asset("cat-2");
        f.asset("dog-1");
        BulkJobService.Created c = f.service.create(BulkFixture.OWNER,
                new BulkJobService.Request(null, BulkFixture.query("cat"), List.of("story"), "jpg"));
        assertThat(f.manifest(c.job().jobId())).extracting(BulkItem::assetId).containsExactly("cat-1", "cat-2");
        assertThat(c.job().format()).isEqualTo("jpeg");
        assertThat(codes(new BulkJobService.Request(null, BulkFixture.query("cow"), List.of("story"), "png")))
                .containsExactly("query:not_found");
    }

    @Test
    void onlyTheOwnerAndAdminsSeeAJobAndOnlyAFailedJobResumes() {
        f.asset("a1");
        String id = f.service.create(BulkFixture.OWNER, f.request(List.of("a1"), "story")).job().jobId();
        assertThatThrownBy(() -> f.service.get(BulkFixture.OTHER, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.service.resume(BulkFixture.OTHER, id)).isInstanceOf(NotFoundException.class);
        assertThat(f.service.get(BulkFixture.ADMIN, id).job().jobId()).isEqualTo(id);
        assertThat(f.service.mine(BulkFixture.OWNER)).extracting(BulkJob::jobId).containsExactly(id);
        assertThat(f.service.mine(BulkFixture.OTHER)).isEmpty();
        assertThatThrownBy(() -> f.service.resume(BulkFixture.OWNER, id)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("running");

        f.finisher.finish(id, false, "States.Timeout");
        BulkJob resumed = f.service.resume(BulkFixture.OWNER, id);
        assertThat(resumed.run()).isEqualTo(2);
        assertThat(resumed.status()).isEqualTo(BulkStatus.RUNNING);
        assertThat(f.started).containsExactly(id + "#1", id + "#2");
    }

    @Test
    void aJobThatCannotStartStaysFailedAndResumable() {
        f.asset("a1");
        List<String> attempts = new ArrayList<>();
        BulkJobService failing = new BulkJobService(f.assets, f.library, f.access, f.rights, f.finder, f.jobs,
                f.files, (jobId, run) -> {
                    attempts.add(jobId);
                    throw new IllegalStateException("state machine unavailable");
                }, f.clock, dam.core.json.Json.mapper());
        assertThatThrownBy(() -> failing.create(BulkFixture.OWNER, f.request(List.of("a1"), "story")))
                .hasMessageContaining("unavailable");
        BulkJob job = f.jobs.find(attempts.get(0)).orElseThrow();
        assertThat(job.status()).isEqualTo(BulkStatus.FAILED);
        assertThat(job.error()).contains("could not start");
    }

    private List<String> codes(BulkJobService.Request r) {
        try {
            f.service.create(BulkFixture.OWNER, r);
        } catch (ValidationException e) {
            return e.errors().stream().map(x -> x.field() + ":" + x.code()).toList();
        }
        throw new AssertionError("expected a ValidationException");
    }
}
