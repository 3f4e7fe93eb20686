package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dam.core.asset.AssetStorage;
import dam.core.asset.AssetVersion;
import dam.core.asset.UploadPlan;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 6: a 150 MB original goes up as a multipart upload (presigned part URLs, complete) and is ingested. */
@ExtendWith(CloudExtension.class)
class IngestMultipartE2ETest {

    @Test
    void a150MbBitmapUploadsInPartsAndBecomesReady(TestCloud cloud) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "large-", ".bmp");
        try (IngestFixture f = new IngestFixture(cloud)) {
            IngestFixture.bmp(file, 7100, 7100);
            long size = Files.size(file);
            assertThat(size).isGreaterThan(150L * 1000 * 1000);
            UploadTicket t = f.request("scan.bmp", "image/bmp", size);
            UploadPlan plan = t.plan();
            assertThat(plan.method()).isEqualTo(UploadPlan.MULTIPART);
            assertThat(plan.parts()).hasSize((int) ((size + plan.partSize() - 1) / plan.partSize()));

            List<AssetStorage.CompletedPart> parts = new ArrayList<>();
            for (UploadPlan.Part p : plan.parts()) {
                long offset = (p.number() - 1L) * plan.partSize();
                parts.add(new AssetStorage.CompletedPart(p.number(), f.putPart(p.url(), file, offset,
                        Math.min(plan.partSize(), size - offset))));
            }
            f.assets.completeUpload(IngestFixture.CREATOR, t.asset().id(), 1, parts);

            AssetVersion v = f.awaitTerminal(t.asset().id(), 1, Duration.ofSeconds(180));
            assertThat(v.state()).as("%s", v.reasons()).isEqualTo(VersionState.READY);
            assertThat(v.size()).isEqualTo(size);
            assertThat(v.detectedType()).isEqualTo("image/bmp");
            assertThat(v.tech().width()).isEqualTo(7100);
            assertThat(v.renditions()).extracting(r -> r.name() + "=" + r.width() + "x" + r.height())
                    .containsExactly("thumbnail=256x256", "preview=1024x1024", "web=2048x2048");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
