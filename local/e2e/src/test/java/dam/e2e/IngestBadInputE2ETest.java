package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dam.core.asset.AssetVersion;
import dam.core.asset.Reason;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6's bad-input corpus through the whole pipeline (presigned PUT → S3 event → asset-ingest): every file is
 * refused with a reason the submitter can read, its bytes are deleted and nothing derived from it is stored.
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

    /** Uploads {@code bytes} as declared, waits for the outcome, and checks nothing of the file is left. */
    private AssetVersion refused(String name, String type, byte[] bytes) throws Exception {
        UploadTicket t = f.request(name, type, bytes.length);
        assertThat(f.put(t.plan().url(), type, bytes).statusCode()).isEqualTo(200);
        AssetVersion v = f.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(90));
        assertThat(v.state()).as("%s: %s", name, v.reasons()).isEqualTo(VersionState.REJECTED);
        assertThat(v.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r.message()).isNotBlank());
        // The step deletes the bytes right after recording the rejection.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> f.keys(f.originals,
                "originals/" + t.asset().id() + "/").isEmpty());
        assertThat(f.keys(f.derivatives, "renditions/" + t.asset().id() + "/")).as("no renditions").isEmpty();
        assertThat(v.renditions()).isEmpty();
        return v;
    }

    private static String code(AssetVersion v) {
        return v.reasons().get(0).code();
    }

    @Test
    void aZeroByteFile() throws Exception {
        assertThat(code(refused("empty.jpg", "image/jpeg", new byte[0]))).isEqualTo("empty_file");
    }

    @Test
    void aJpgThatIsReallyAZipWithAnExecutable() throws Exception {
        AssetVersion v = refused("holiday.jpg", "image/jpeg", IngestFixture.zip());
        assertThat(code(v)).isIn("type_mismatch", "executable");
        assertThat(v.reasons().get(0).message()).contains("zip");
    }

    @Test
    void aTruncatedJpeg() throws Exception {
        byte[] jpeg = IngestFixture.jpeg(1600, 1200, 1);
        assertThat(code(refused("cut.jpg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2))))
                .isEqualTo("truncated");
    }

    @Test
    void aPngDeclaring50000By50000PixelsIsRefusedBeforeDecoding() throws Exception {
        AssetVersion v = refused("bomb.png", "image/png", IngestFixture.pngDeclaring(50_000, 50_000));
        assertThat(code(v)).isEqualTo("pixel_bomb");
        assertThat(v.reasons().get(0).message()).contains("50000");
    }

    @Test
    void aDocxDecompressionBomb() throws Exception {
        byte[] bomb = IngestFixture.docxBomb(64 << 20);
        assertThat(bomb.length).isLessThan(1 << 20);
        AssetVersion v = refused("report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bomb);
        assertThat(code(v)).isEqualTo("archive_bomb");
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

    @Test
    void bytesThatDifferFromTheSignedContentLengthAreRefusedByStorage() throws Exception {
        byte[] jpeg = IngestFixture.jpeg(800, 600, 1);
        UploadTicket t = f.request("short.jpg", "image/jpeg", jpeg.length);
        var response = f.put(t.plan().url(), "image/jpeg", Arrays.copyOf(jpeg, jpeg.length - 100));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(f.keys(f.originals, "originals/" + t.asset().id() + "/")).isEmpty();
        AssetVersion v = f.version(t.asset().id(), 1);
        assertThat(v.state()).isEqualTo(VersionState.UPLOADING);
        assertThat(v.uploadExpired(v.uploadExpiresAt().plusSeconds(1))).isTrue();
        assertThat(v.reasons()).extracting(Reason::code).isEmpty();
    }
}
