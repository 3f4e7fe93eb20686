package dam.local.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Makes the filesystem store's writes all-or-nothing across a crash, as S3's are. S3Proxy's nio2 store streams every
 * write (PUT, copy, multipart part and completion) into a temporary file next to the object,
 * {@code <bucket dir>/<key>-<UUID.randomUUID()>}, then renames it over the key; a {@code kill -9} mid-write leaves
 * that file behind, and listings show it as an object. Each write is journalled here for its duration (one small file
 * under {@code journalDir} naming bucket and key); on start, the writes a crash cut short have their temporaries
 * deleted — exactly the files named {@code <key>-<uuid>} in the key's directory and written since that write began,
 * so an object of that shape written earlier is kept. While a write runs, its temporary is left out of listings
 * (the same two tests: the name, and modified since the write began).
 */
final class InFlightWrites extends ForwardingBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightWrites.class);
    /** The suffix S3Proxy appends: "-" + a random (version 4) UUID in its canonical lower-case form. */
    static final Pattern TEMP_SUFFIX = Pattern.compile(
            "-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    private static final int SUFFIX_LENGTH = 37;

    private final Path bucketsDir;
    private final Path journalDir;
    /** bucket → key → its running writes, to hide their temporaries from listings. */
    private final Map<String, Map<String, Running>> running = new ConcurrentHashMap<>();

    /** How many writes of a key run, and since when (the earliest one's journal time, the filesystem's clock). */
    private record Running(int writes, long sinceMillis) {
        Running plus(Running other) {
            return new Running(writes + other.writes, Math.min(sinceMillis, other.sinceMillis));
        }
    }

    /** Clears what writes cut short by a crash left in {@code bucketsDir}, then journals the writes to come. */
    InFlightWrites(BlobStore delegate, Path bucketsDir, Path journalDir) {
        super(delegate);
        this.bucketsDir = bucketsDir.toAbsolutePath().normalize();
        this.journalDir = journalDir;
        try {
            Files.createDirectories(journalDir);
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover the S3 writes cut short in " + journalDir, e);
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        return journalled(request.bucket(), request.key(), () -> super.putBlob(request, input));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return journalled(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
                                                  InputStream input) {
        String part = AbstractNio2BlobStore.multipartPartName(upload.id(), upload.blobName(), request.partNumber());
        return journalled(upload.containerName(), part, () -> super.uploadMultipartPart(upload, request, input));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        return journalled(request.bucket(), request.key(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        ListObjectsV2Response response = super.list(request);
        Map<String, Running> keys = running.get(request.bucket());
        if (keys == null || keys.isEmpty()) {
            return response;
        }
        List<S3Object> visible = response.contents().stream().filter(o -> !isTemporaryOf(o, keys)).toList();
        return visible.size() == response.contents().size() ? response
                : response.toBuilder().contents(visible).keyCount(visible.size() + response.commonPrefixes().size())
                .build();
    }

    private static boolean isTemporaryOf(S3Object object, Map<String, Running> runningKeys) {
        String key = object.key();
        if (key.length() <= SUFFIX_LENGTH || !TEMP_SUFFIX.matcher(key).find()) {
            return false;
        }
        Running r = runningKeys.get(key.substring(0, key.length() - SUFFIX_LENGTH));
        return r != null && object.lastModified() != null && object.lastModified().toEpochMilli() >= r.sinceMillis();
    }

    private <T> T journalled(String bucket, String key, Supplier<T> write) {
        Path entry = journalDir.resolve(UUID.randomUUID().toString());
        long since;
        try {
            Files.writeString(entry, bucket + "\n" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            since = Files.getLastModifiedTime(entry).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal the write of s3://" + bucket + "/" + key, e);
        }
        running.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).merge(key, new Running(1, since),
                Running::plus);
        try {
            return write.get();
        } finally {
            running.get(bucket).computeIfPresent(key, (k, r) -> r.writes() == 1 ? null
                    : new Running(r.writes() - 1, r.sinceMillis()));
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                // Harmless beyond a little work at the next start: the entry only names files to look for.
                LOG.warn("cannot remove the journal entry {} of s3://{}/{}", entry, bucket, key, e);
            }
        }
    }

    private void recover() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(journalDir)) {
            dir.forEach(entries::add);
        }
        for (Path entry : entries) {
            List<String> lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
            if (lines.size() == 2) {
                removeTemporaries(lines.get(0), URLDecoder.decode(lines.get(1), StandardCharsets.UTF_8),
                        Files.getLastModifiedTime(entry));
            } else {
                // Cut short while being written itself: its write had not started, so it left nothing.
                LOG.warn("ignoring the incomplete journal entry {} ({} lines)", entry, lines.size());
            }
            Files.delete(entry);
        }
    }

    /** Deletes {@code <key>-<uuid>} files written since {@code since} (the write's start), then emptied parents. */
    private void removeTemporaries(String bucket, String key, FileTime since) throws IOException {
        Path bucketDir = bucketsDir.resolve(bucket).normalize();
        Path probe = bucketDir.resolve(key + "-" + UUID.randomUUID()).normalize();
        if (!bucketDir.startsWith(bucketsDir) || !probe.startsWith(bucketDir) || !Files.isDirectory(
                probe.getParent())) {
            return;
        }
        String prefix = probe.getFileName().toString();
        prefix = prefix.substring(0, prefix.length() - SUFFIX_LENGTH);
        List<Path> torn = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(probe.getParent())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.length() == prefix.length() + SUFFIX_LENGTH && name.startsWith(prefix)
                        && TEMP_SUFFIX.matcher(name).find() && Files.isRegularFile(p)
                        && Files.getLastModifiedTime(p).toMillis() >= since.toMillis()) {
                    torn.add(p);
                }
            }
        }
        for (Path p : torn) {
            LOG.warn("removing {}: the temporary of a write to s3://{}/{} cut short by a crash", p, bucket, key);
            Files.deleteIfExists(p);
        }
        if (!torn.isEmpty()) {
            removeEmptyParents(probe.getParent(), bucketDir);
        }
    }

    /** Directories the write created for its key and that hold nothing now (not S3Proxy's directory objects). */
    private static void removeEmptyParents(Path dir, Path bucketDir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(bucketDir) && !d.equals(bucketDir); d = d.getParent()) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(d)) {
                if (children.iterator().hasNext() || hasUserAttributes(d)) {
                    return;
                }
            }
            try {
                Files.delete(d);
            } catch (NoSuchFileException e) {
                return;
            }
        }
    }

    private static boolean hasUserAttributes(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
        try {
            return view != null && !view.list().isEmpty();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
