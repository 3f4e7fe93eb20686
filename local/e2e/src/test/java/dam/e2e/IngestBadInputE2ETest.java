package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dam.core.asset.AssetVersion;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6: a hostile file name is neutralised (key and display name) and the file still ingests. The refused files
 * (zero bytes, spoofed type, truncated, pixel and decompression bombs, wrong signed length) are in the bad-input corpus
 * (CorpusE2ETest, resources/corpus/ingest.json).
 */
@ExtendWith(CloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBadInputE2ETest {

    private IngestFixture f;

    @BeforeAll
    void fixture(TestCloud cloud) {
        f = new IngestFixture(cloud);
    }

    @AfterAll
    void close() {
        f.close();
    }

    @Test
    void traversalNulAndRtlCharactersNeverReachTheKeyOrTheName() throws Exception {
        byte[] jpeg = IngestFixture.jpeg(1200, 800, 1);
        UploadTicket t = f.request("../../etc/pass\u0000wd\u202Egpj.jpg", "image/jpeg", jpeg.length);
        assertThat(t.version().originalKey()).matches("originals/" + t.asset().id() + "/1/[a-z0-9._-]+")
                .doesNotContain("..");
        assertThat(t.asset().displayName()).isEqualTo("passwdgpj.jpg");
        assertThat(f.put(t.plan().url(), "image/jpeg", jpeg).statusCode()).isEqualTo(200);
        AssetVersion v = f.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(90));
        assertThat(v.state()).as("%s", v.reasons()).isEqualTo(VersionState.READY);
        assertThat(f.keys(f.originals, "originals/" + t.asset().id() + "/")).containsExactly(
                t.version().originalKey());
    }
}
