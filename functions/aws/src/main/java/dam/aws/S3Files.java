package dam.aws;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Objects as local files for the media steps (Tika, ImageIO and PDFBox want files). Keeps the last download in
 * {@code workDir}: the ingest steps of one version usually land on the same warm worker, so each original is fetched
 * once there, and only one original at a time occupies the function's ephemeral storage.
 */
public final class S3Files {

    /** A downloaded object: where it is, its size and SHA-256 (computed while streaming). */
    public record LocalCopy(Path file, long size, String sha256) {
    }

    private final S3Client s3;
    private final Path workDir;
    private String cachedId;
    private LocalCopy cached;

    public S3Files(S3Client s3, Path workDir) {
        this.s3 = s3;
        this.workDir = workDir;
    }

    /** Downloads {@code bucket/key} (or returns the copy made by the previous call for the same object). */
    public synchronized LocalCopy download(String bucket, String key) {
        String id = bucket + "/" + key;
        if (id.equals(cachedId) && Files.exists(cached.file())) {
            return cached;
        }
        evict();
        try {
            Files.createDirectories(workDir);
            Path file = Files.createTempFile(workDir, "original-", ".bin");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = new DigestInputStream(s3.getObject(r -> r.bucket(bucket).key(key),
                    ResponseTransformer.toInputStream()), sha); OutputStream out = Files.newOutputStream(file)) {
                size = in.transferTo(out);
            }
            cached = new LocalCopy(file, size, HexFormat.of().formatHex(sha.digest()));
            cachedId = id;
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("downloading s3://" + id, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    public void upload(String bucket, String key, Path file, String contentType) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    private void evict() {
        if (cached != null) {
            try {
                Files.deleteIfExists(cached.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot free " + cached.file(), e);
            }
            cached = null;
            cachedId = null;
        }
    }
}
