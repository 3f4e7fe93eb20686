package dam.local.s3;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Object tagging (PutObjectTagging, GetObjectTagging, DeleteObjectTagging), which S3Proxy rejects as unsupported: the
 * archive marks originals with a tag that the bucket's lifecycle rule acts on in AWS. Tags are kept beside the
 * store, one file per object ({@code tags/<bucket>/<sha256(key)>.xml}, the Tagging document as sent); overwriting or
 * deleting the object drops them, as in S3. The local cloud has no lifecycle rules: tagged objects never transition.
 */
final class ObjectTags {

    private static final Pattern TAG_SET = Pattern.compile("<Tagging[\\s>].*</Tagging>\\s*$", Pattern.DOTALL);
    private static final String EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet></TagSet></Tagging>";

    private final Path dir;
    private final BiPredicate<String, String> exists;

    ObjectTags(Path dir, BiPredicate<String, String> exists) {
        this.dir = dir;
        this.exists = exists;
    }

    static boolean isTaggingQuery(String query) {
        for (String part : query.split("&")) {
            if (part.equals("tagging") || part.equals("tagging=")) {
                return true;
            }
        }
        return false;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String bucket, String key)
            throws IOException {
        if (bucket == null || key == null || key.isEmpty() || !exists.test(bucket, key)) {
            forget(bucket, key);
            S3Errors.write(response, 404, "NoSuchKey", "The specified key does not exist.", key);
            return;
        }
        Path file = file(bucket, key);
        switch (request.getMethod()) {
            case "PUT" -> {
                String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!TAG_SET.matcher(body.strip()).find()) {
                    S3Errors.write(response, 400, "MalformedXML", "The XML you provided was not well-formed", key);
                    return;
                }
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, body.strip(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                response.setStatus(200);
            }
            case "GET" -> {
                String xml = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : EMPTY;
                response.setStatus(200);
                response.setContentType("application/xml");
                response.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
            }
            case "DELETE" -> {
                Files.deleteIfExists(file);
                response.setStatus(204);
            }
            default -> S3Errors.write(response, 405, "MethodNotAllowed", "tagging supports PUT, GET and DELETE", key);
        }
    }

    /** The object was overwritten or deleted: its tags go with it. */
    void forget(String bucket, String key) {
        if (bucket == null || key == null || key.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(file(bucket, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop the tags of s3://" + bucket + "/" + key, e);
        }
    }

    private Path file(String bucket, String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(bucket).resolve(HexFormat.of().formatHex(h) + ".xml");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
