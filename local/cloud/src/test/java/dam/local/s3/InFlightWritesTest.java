package dam.local.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@code kill -9} in the middle of a PUT, reproduced as its disk image: while S3Proxy streams the body, the whole
 * state directory is copied (what a crash at that instant leaves), then the copy is opened as the restarted cloud.
 */
class InFlightWritesTest {

    private static final String BUCKET = "derivatives";
    private static final String KEY = "downloads/a1/1/story-0f.jpg";

    @TempDir
    Path dir;

    @Test
    void aPutCutShortByACrashLeavesNoObjectAfterTheRestart() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        List<String> listedMidWrite = new ArrayList<>();
        String lookalike = KEY + "-" + UUID.randomUUID();
        try (S3Provider s3 = new S3Provider(live, List.of(), (b, t, k, s, e, r) -> { })) {
            s3.ensureBucket(BUCKET);
            s3.putObject(BUCKET, "downloads/a0/1/story-0f.jpg", bytes("an earlier object"));
            // An object whose name has the temporaries' shape, written before: it must survive the recovery.
            s3.putObject(BUCKET, lookalike, bytes("a real object"));
            Files.setLastModifiedTime(live.resolve("buckets").resolve(BUCKET).resolve(lookalike),
                    FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            // The body stalls after its first half; at that instant the disk is imaged, then the write fails.
            assertThrows(RuntimeException.class, () -> s3.blobStore().putBlob(PutObjectRequest.builder()
                    .bucket(BUCKET).key(KEY).contentLength(64L * 1024).build(),
                    new HalfThenCrash(new byte[64 * 1024], () -> {
                        copyTree(live, crashed);
                        listedMidWrite.addAll(keys(s3.blobStore(), BUCKET));
                    })));
        }
        // The premise: the crash image holds S3Proxy's torn temporary, and the bare store lists it as an object.
        Path keyDir = crashed.resolve("buckets").resolve(BUCKET).resolve("downloads/a1/1");
        assertEquals(2, names(keyDir).stream().filter(n -> n.startsWith("story-0f.jpg-")).count(), names(keyDir)
                .toString());
        try (BlobStore bare = new FilesystemNio2BlobStore(crashed.resolve("buckets").toString())) {
            assertEquals(2, keys(bare, BUCKET).stream().filter(k -> k.startsWith(KEY + "-")).count());
        }
        // While the write ran, the provider already left its temporary out of listings (the look-alike stays).
        assertEquals(List.of("downloads/a0/1/story-0f.jpg", lookalike), listedMidWrite);

        try (S3Provider restarted = new S3Provider(crashed, List.of(), (b, t, k, s, e, r) -> { })) {
            assertEquals(List.of("downloads/a0/1/story-0f.jpg", lookalike), keys(restarted.blobStore(), BUCKET));
            assertEquals("a real object", new String(restarted.getObject(BUCKET, lookalike),
                    StandardCharsets.UTF_8));
            assertEquals(List.of(lookalike.substring(lookalike.lastIndexOf('/') + 1)), names(keyDir));
            assertEquals(List.of(), names(crashed.resolve("in-flight")));
            // The key is writable as usual after the recovery.
            restarted.putObject(BUCKET, KEY, bytes("rendered again"));
            assertEquals("rendered again", new String(restarted.getObject(BUCKET, KEY), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCrashedFirstWriteOfAKeyLeavesNeitherTheTemporaryNorItsDirectories() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        try (S3Provider s3 = new S3Provider(live, List.of(), (b, t, k, s, e, r) -> { })) {
            s3.ensureBucket(BUCKET);
            s3.putObject(BUCKET, "keep.txt", bytes("kept"));
            assertThrows(RuntimeException.class, () -> s3.blobStore().putBlob(PutObjectRequest.builder()
                    .bucket(BUCKET).key("bulk/j1/part.bin").contentLength(8192L).build(),
                    new HalfThenCrash(new byte[8192], () -> copyTree(live, crashed))));
        }
        Path bulkDir = crashed.resolve("buckets").resolve(BUCKET).resolve("bulk");
        assertEquals(1, names(bulkDir.resolve("j1")).size(), "the torn temporary in the crash image");
        try (S3Provider restarted = new S3Provider(crashed, List.of(), (b, t, k, s, e, r) -> { })) {
            assertEquals(List.of("keep.txt"), keys(restarted.blobStore(), BUCKET));
            assertFalse(Files.exists(bulkDir), "directories the torn write created are gone");
        }
    }

    @Test
    void writesThatEndLeaveNoJournalAndNothingListed() throws Exception {
        try (S3Provider s3 = new S3Provider(dir, List.of(), (b, t, k, s, e, r) -> { })) {
            s3.ensureBucket(BUCKET);
            s3.putObject(BUCKET, KEY, bytes("one"));
            assertThrows(RuntimeException.class, () -> s3.blobStore().putBlob(PutObjectRequest.builder()
                    .bucket(BUCKET).key(KEY).contentLength(4096L).build(),
                    new HalfThenCrash(new byte[4096], () -> { })));
            assertEquals(List.of(), names(dir.resolve("in-flight")));
            assertEquals(List.of(KEY), keys(s3.blobStore(), BUCKET));
            assertEquals("one", new String(s3.getObject(BUCKET, KEY), StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(BlobStore store, String bucket) {
        return store.list(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
                .map(S3Object::key).toList();
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES); // times and xattrs as on disk
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the first half of its bytes, then runs {@code atCrash} and fails, as a connection cut mid-body. */
    private static final class HalfThenCrash extends InputStream {
        private final byte[] body;
        private final Runnable atCrash;
        private int position;

        HalfThenCrash(byte[] body, Runnable atCrash) {
            this.body = body;
            this.atCrash = atCrash;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int half = body.length / 2;
            if (position >= half) {
                atCrash.run();
                throw new IOException("the client went away (the test's crash point)");
            }
            int n = Math.min(len, half - position);
            System.arraycopy(body, position, b, off, n);
            position += n;
            return n;
        }
    }
}
