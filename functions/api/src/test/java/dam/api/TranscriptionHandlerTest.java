package dam.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.captions.CaptionFormat;
import dam.core.captions.CaptionService;
import dam.core.captions.TranscriptionJob;
import dam.core.captions.memory.InMemoryCaptionFiles;
import dam.core.captions.memory.InMemoryCaptionStore;
import dam.core.library.LibraryAccess;
import dam.core.memory.RecordingEventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The completion of a Transcribe job as EventBridge delivers it: our job's VTT becomes a track; anything else fails. */
class TranscriptionHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    private final InMemoryCaptionStore store = new InMemoryCaptionStore(assets);
    private final InMemoryCaptionFiles files = new InMemoryCaptionFiles();
    private final List<TranscriptionJob> started = new ArrayList<>();
    private final CaptionService captions = new CaptionService(assets, store, files, started::add,
            LibraryAccess.brandLibrary(), new RecordingEventPublisher(), clock);
    private final TranscriptionHandler handler = new TranscriptionHandler(captions, JSON);

    private TranscriptionJob job() {
        Instant t = clock.instant();
        AuditEntry first = AuditChain.next(null, "v1", 1, t, "cara", "asset.created", "test");
        assets.save(new Asset("v1", "Acme", null, null, null, "spot", null, List.of(), List.of(), "cara", t, t, 1, 1,
                first.hash()), new AssetVersion("v1", 1, VersionState.READY, List.of(), "cara",
                "originals/v1/1/spot.mp4", "spot.mp4", "video/mp4", 10, null, t, t, null, "x", "video/mp4", 10L, "s",
                null, null, null, null, null, null, null), first, null);
        Principal cara = new Principal("cara", "cara@acme.example", Set.of(Role.CREATOR), Set.of("Acme"));
        return captions.generate(cara, "v1", "en-US");
    }

    private Map<String, Object> deliver(String name, String status) throws Exception {
        return handler.handle(JSON.readTree("{\"source\":\"aws.transcribe\",\"detail-type\":\"Transcribe Job State "
                + "Change\",\"detail\":{\"TranscriptionJobName\":\"" + name + "\",\"TranscriptionJobStatus\":\""
                + status + "\"}}"));
    }

    @Test
    void aCompletedJobStoresItsVttOnceAndAFailedOneNothing() throws Exception {
        TranscriptionJob job = job();
        files.put(job.vttKey(), "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello\n", CaptionFormat.WEBVTT);
        assertThat(deliver(job.name(), "COMPLETED")).containsEntry("stored", "en-US");
        assertThat(store.tracks("v1")).singleElement().satisfies(t -> assertThat(t.source()).isEqualTo("transcribe"));
        assertThat(deliver(job.name(), "COMPLETED")).containsEntry("stored", null);

        TranscriptionJob failing = captions.generate(new Principal("cara", "cara@acme.example", Set.of(Role.CREATOR),
                Set.of("Acme")), "v1", "de-DE");
        assertThat(deliver(failing.name(), "FAILED")).containsEntry("stored", null);
        assertThat(store.job(failing.name()).orElseThrow().state()).isEqualTo("failed");
        assertThat(store.tracks("v1")).hasSize(1);
    }

    @Test
    void otherEventsAreRefusedLoudly() {
        assertThatThrownBy(() -> handler.handle(JSON.readTree("{\"detail-type\":\"Rights Changed\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deliver("dam-cap-x", "IN_PROGRESS")).isInstanceOf(IllegalArgumentException.class);
    }
}
