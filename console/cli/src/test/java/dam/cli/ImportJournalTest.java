package dam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJournalTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private static ImportJournal.Entry entry(String sha, ImportJournal.Stage stage) {
        return new ImportJournal.Entry("a.jpg", "b1", 10, 100, sha, "asset-1", 1, stage,
                stage == ImportJournal.Stage.INGESTED ? "ready" : null, List.of());
    }

    @Test
    void aFileNeverSeenOrChangedIsUploaded() {
        assertThat(ImportJournal.decide(Optional.empty(), "abc")).isEqualTo(ImportJournal.Action.UPLOAD);
        assertThat(ImportJournal.decide(Optional.of(entry("old", ImportJournal.Stage.INGESTED)), "new"))
                .isEqualTo(ImportJournal.Action.UPLOAD);
    }

    @Test
    void theSameContentResumesWhereItStopped() {
        assertThat(ImportJournal.decide(Optional.of(entry("abc", ImportJournal.Stage.REQUESTED)), "abc"))
                .as("killed between request and upload end: ask again with the same key").isEqualTo(
                        ImportJournal.Action.UPLOAD);
        assertThat(ImportJournal.decide(Optional.of(entry("abc", ImportJournal.Stage.UPLOADED)), "abc"))
                .isEqualTo(ImportJournal.Action.WAIT);
        assertThat(ImportJournal.decide(Optional.of(entry("abc", ImportJournal.Stage.INGESTED)), "abc"))
                .isEqualTo(ImportJournal.Action.DONE);
    }

    @Test
    void theRecordedHashIsTrustedOnlyWhileSizeAndTimeAreUnchanged() {
        Optional<ImportJournal.Entry> e = Optional.of(entry("abc", ImportJournal.Stage.UPLOADED));
        assertThat(ImportJournal.knownHash(e, 10, 100)).contains("abc");
        assertThat(ImportJournal.knownHash(e, 11, 100)).isEmpty();
        assertThat(ImportJournal.knownHash(e, 10, 101)).isEmpty();
    }

    @Test
    void reopeningGivesTheLatestStagePerBriefAndFile() throws Exception {
        try (ImportJournal j = ImportJournal.open(dir, json)) {
            j.requested("b1", "a.jpg", 10, 100, "abc", "asset-1", 1);
            j.uploaded(j.last("b1", "a.jpg").orElseThrow());
            j.requested("b2", "a.jpg", 10, 100, "abc", "asset-2", 1);
            j.ingested(j.last("b1", "a.jpg").orElseThrow(), "rejected", List.of("spoofed type"));
        }
        try (ImportJournal j = ImportJournal.open(dir, json)) {
            ImportJournal.Entry a = j.last("b1", "a.jpg").orElseThrow();
            assertThat(a.stage()).isEqualTo(ImportJournal.Stage.INGESTED);
            assertThat(a.state()).isEqualTo("rejected");
            assertThat(a.reasons()).containsExactly("spoofed type");
            assertThat(a.assetId()).isEqualTo("asset-1");
            assertThat(j.last("b2", "a.jpg").orElseThrow().stage()).isEqualTo(ImportJournal.Stage.REQUESTED);
            assertThat(j.last("b3", "a.jpg")).isEmpty();
        }
    }

    @Test
    void theIdempotencyKeyDependsOnBriefPathAndContent() {
        String k = Importer.idempotencyKey("b1", "x/a.jpg", "abc");
        assertThat(Importer.idempotencyKey("b1", "x/a.jpg", "abc")).isEqualTo(k);
        assertThat(Importer.idempotencyKey("b2", "x/a.jpg", "abc")).isNotEqualTo(k);
        assertThat(Importer.idempotencyKey("b1", "y/a.jpg", "abc")).isNotEqualTo(k);
        assertThat(Importer.idempotencyKey("b1", "x/a.jpg", "abd")).isNotEqualTo(k);
    }
}
