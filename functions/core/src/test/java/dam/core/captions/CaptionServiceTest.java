package dam.core.captions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.captions.memory.InMemoryCaptionFiles;
import dam.core.captions.memory.InMemoryCaptionStore;
import dam.core.library.LibraryAccess;
import dam.core.memory.RecordingEventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionServiceTest {

    private static final Principal CREATOR = user("cara", Role.CREATOR);
    private static final Principal VIEWER = user("vic", Role.VIEWER);
    private static final String SRT = "1\r\n00:00:01,000 --> 00:00:04,200\r\nHello <i>world</i>\r\n\r\n"
            + "2\r\n00:00:05,000 --> 00:00:07,500\r\nFish & chips\r\n";
    private static final String VTT = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.200\nHello <i>world</i>\n\n"
            + "2\n00:00:05.000 --> 00:00:07.500\nFish &amp; chips\n";

    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final InMemoryCaptionStore store = new InMemoryCaptionStore(assets);
    private final InMemoryCaptionFiles files = new InMemoryCaptionFiles();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final List<TranscriptionJob> started = new ArrayList<>();
    private final CaptionService captions = new CaptionService(assets, store, files, started::add,
            LibraryAccess.brandLibrary(), events, clock);

    private static Principal user(String id, Role role) {
        return new Principal(id, id + "@acme.example", Set.of(role), Set.of("Acme"));
    }

    private String asset(String id, String type) {
        Instant t = clock.instant();
        AuditEntry first = AuditChain.next(null, id, 1, t, "cara", "asset.created", "test");
        assets.save(new Asset(id, "Acme", null, null, null, "clip", null, List.of(), List.of(), "cara", t, t, 1, 1,
                first.hash()), new AssetVersion(id, 1, VersionState.READY, List.of(), "cara",
                "originals/" + id + "/1/clip.bin", "clip.bin", type, 1000, null, t, t, null, "exec", type, 1000L,
                "sha", null, null, null, null, null, null, null), first, null);
        return id;
    }

    @Test
    void anSrtUploadIsKeptAsSentAndServedAsExactVtt() {
        String id = asset("v1", "video/mp4");
        CaptionTrack t = captions.put(CREATOR, id, "en-GB", SRT, "application/x-subrip");
        assertThat(t.format()).isEqualTo(CaptionFormat.SRT);
        assertThat(t.cues()).isEqualTo(2);
        assertThat(t.key()).startsWith("originals/v1/1/captions/en-GB.").endsWith(".srt");
        assertThat(files.all()).containsOnlyKeys(t.key());
        assertThat(captions.get(VIEWER, id, "en-GB", null).text()).isEqualTo(SRT);
        assertThat(captions.get(VIEWER, id, "en-GB", "vtt")).isEqualTo(new CaptionService.File(CaptionFormat.WEBVTT,
                VTT));
        assertThat(captions.list(VIEWER, id).items()).extracting(CaptionTrack::lang).containsExactly("en-GB");
        assertThat(assets.audit(id).get(assets.audit(id).size() - 1).action()).isEqualTo("captions.put");
        assertThat(events.ofType(CaptionService.CAPTIONS_CHANGED)).hasSize(1);
    }

    @Test
    void aSniffedVttReplacesTheTrackAndTheOldFileGoes() {
        String id = asset("a1", "audio/mpeg");
        CaptionTrack first = captions.put(CREATOR, id, "de", SRT, null);
        CaptionTrack second = captions.put(CREATOR, id, "de", VTT, "text/plain; charset=utf-8");
        assertThat(second.format()).isEqualTo(CaptionFormat.WEBVTT);
        assertThat(files.all()).containsOnlyKeys(second.key()).doesNotContainKey(first.key());
        assertThat(captions.get(VIEWER, id, "de", "srt").text()).isEqualTo(SRT.replace("\r\n", "\n"));
    }

    @Test
    void malformedFilesAreRefusedWithTheirLineNumbersAndNothingIsStored() {
        String id = asset("v1", "video/mp4");
        String bad = "1\n00:00:01,000 --> 00:00:04,000\nok\n\n2\n00:00:05,000 -> 00:00:06,000\nbroken\n";
        assertThatThrownBy(() -> captions.put(CREATOR, id, "en", bad, "application/x-subrip"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("captions.line[6]"));
        assertThat(files.all()).isEmpty();
        assertThat(store.tracks(id)).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void onlyVideoAndAudioAreCaptionedByEditorsInKnownLanguagesAndFormats() {
        String photo = asset("p1", "image/jpeg");
        assertThatThrownBy(() -> captions.put(CREATOR, photo, "en", SRT, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("assetId");
        String id = asset("v1", "video/mp4");
        assertThatThrownBy(() -> captions.put(VIEWER, id, "en", SRT, null)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> captions.put(CREATOR, id, "english!", SRT, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("lang");
        assertThatThrownBy(() -> captions.put(CREATOR, id, "en", SRT, "application/pdf"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("contentType");
        assertThatThrownBy(() -> captions.get(VIEWER, id, "fr", null)).isInstanceOf(NotFoundException.class);
        captions.put(CREATOR, id, "en", SRT, null);
        assertThatThrownBy(() -> captions.get(VIEWER, id, "en", "ass")).isInstanceOf(ValidationException.class);
        assertThat(files.all()).hasSize(1);
    }

    @Test
    void deleteRemovesTheItemAndTheFile() {
        String id = asset("v1", "video/mp4");
        captions.put(CREATOR, id, "en", SRT, null);
        captions.delete(CREATOR, id, "en");
        assertThat(store.tracks(id)).isEmpty();
        assertThat(files.all()).isEmpty();
        assertThat(assets.audit(id).get(assets.audit(id).size() - 1).action()).isEqualTo("captions.removed");
        assertThat(events.ofType(CaptionService.CAPTIONS_CHANGED)).hasSize(2);
    }

    @Test
    void aFailedItemWriteLeavesNoOrphanFile() {
        String id = asset("v1", "video/mp4");
        CaptionStore conflicting = new CaptionStore() {
            @Override
            public List<CaptionTrack> tracks(String assetId) {
                return List.of();
            }

            @Override
            public void save(Asset asset, CaptionTrack put, String removeLang, AuditEntry audit) {
                throw new ConflictException("revision", "conflict", "asset changed concurrently");
            }

            @Override
            public void saveJob(TranscriptionJob job) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Optional<TranscriptionJob> job(String name) {
                return java.util.Optional.empty();
            }
        };
        CaptionService racing = new CaptionService(assets, conflicting, files, started::add,
                LibraryAccess.brandLibrary(), events, clock);
        assertThatThrownBy(() -> racing.put(CREATOR, id, "en", SRT, null)).isInstanceOf(ConflictException.class);
        assertThat(files.all()).isEmpty();
    }

    @Test
    void generateStartsAJobWhoseCompletionStoresTheVttOnce() {
        String id = asset("v1", "video/mp4");
        assertThatThrownBy(() -> captions.generate(CREATOR, id, "en")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("lang");
        TranscriptionJob job = captions.generate(CREATOR, id, "en-US");
        assertThat(started).containsExactly(job);
        assertThat(job.mediaKey()).isEqualTo("originals/v1/1/clip.bin");
        assertThat(job.vttKey()).isEqualTo("originals/v1/1/captions/transcribe/" + job.name() + ".vtt");
        files.put(job.vttKey(), VTT, CaptionFormat.WEBVTT); // what Transcribe writes

        CaptionTrack t = captions.completeTranscription(job.name(), true, null).orElseThrow();
        assertThat(t.source()).isEqualTo(CaptionTrack.TRANSCRIBE);
        assertThat(t.lang()).isEqualTo("en-US");
        assertThat(captions.get(VIEWER, id, "en-US", "vtt").text()).isEqualTo(VTT);
        assertThat(captions.completeTranscription(job.name(), true, null)).isEmpty();
        assertThat(captions.completeTranscription("someone-elses-job", true, null)).isEmpty();
        assertThat(store.job(job.name()).orElseThrow().state()).isEqualTo("completed");
    }

    @Test
    void whereThereIsNoTranscriptionServiceNothingIsStored() {
        String id = asset("v1", "video/mp4");
        CaptionService offline = new CaptionService(assets, store, files, j -> {
            throw new TranscriptionUnavailableException("transcription is unavailable in the local cloud", null);
        }, LibraryAccess.brandLibrary(), events, clock);
        assertThatThrownBy(() -> offline.generate(CREATOR, id, "en-US"))
                .isInstanceOf(TranscriptionUnavailableException.class);
        assertThat(store.tracks(id)).isEmpty();
        assertThat(files.all()).isEmpty();
    }
}
