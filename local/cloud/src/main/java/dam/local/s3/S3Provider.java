package dam.local.s3;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.EmbeddedS3Servlet;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3 on the edge: S3Proxy's servlet over a filesystem store under {@code .dam/s3}, plus what S3Proxy lacks —
 * per-bucket EventBridge notification configuration, from which object-created/deleted events reach the bus, and
 * object tagging ({@link ObjectTags}), and writes a {@code kill -9} cannot leave half-done ({@link InFlightWrites}).
 * Streams bodies (no buffering), so multi-GB multipart uploads pass through.
 */
public final class S3Provider implements AutoCloseable {

    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    private static final Pattern EVENTBRIDGE_ON = Pattern.compile("<EventBridgeConfiguration\\s*/?>",
            Pattern.CASE_INSENSITIVE);

    /** Virtual-host suffixes clients use, like LocalStack's; each needs its own S3Proxy servlet. */
    private static final List<String> VIRTUAL_HOSTS = List.of("s3.localhost.localstack.cloud", "localhost");

    private final HttpServlet pathStyle;
    private final java.util.Map<String, HttpServlet> virtualHosted = new java.util.LinkedHashMap<>();
    private final BlobStore store;
    private final Path notificationsFile;
    private final Set<String> eventBridgeBuckets = new ConcurrentSkipListSet<>();
    private final ObjectTags tags;

    public S3Provider(Path dataDir, List<String> corsOrigins, ObjectEvents events) {
        try {
            Files.createDirectories(dataDir.resolve("buckets"));
            this.notificationsFile = dataDir.resolve("eventbridge-buckets.txt");
            if (Files.exists(notificationsFile)) {
                Files.readAllLines(notificationsFile).stream().filter(l -> !l.isBlank())
                        .forEach(eventBridgeBuckets::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the S3 data dir " + dataDir, e);
        }
        ObjectEvents filtered = (bucket, type, key, size, etag, reason) -> {
            if (eventBridgeBuckets.contains(bucket)) {
                events.objectChanged(bucket, type, key, size, etag, reason);
            }
        };
        Path buckets = dataDir.resolve("buckets");
        this.store = new NotifyingBlobStore(new InFlightWrites(new FilesystemNio2BlobStore(buckets.toString()),
                buckets, dataDir.resolve("in-flight")), filtered);
        CrossOriginResourceSharing cors = new CrossOriginResourceSharing(corsOrigins,
                List.of("GET", "PUT", "POST", "HEAD", "DELETE"), List.of("*"), List.of("ETag", "x-amz-request-id",
                "x-amz-version-id"), "false");
        this.tags = new ObjectTags(dataDir.resolve("tags"), store::blobExists);
        this.pathStyle = EmbeddedS3Servlet.create(store, ACCESS_KEY, SECRET_KEY, null, cors);
        for (String host : VIRTUAL_HOSTS) {
            virtualHosted.put("." + host, EmbeddedS3Servlet.create(store, ACCESS_KEY, SECRET_KEY, host, cors));
        }
    }

    /** Turns S3 → EventBridge delivery on or off for a bucket (what {@code eventBridgeEnabled} deploys). */
    public void setEventBridgeEnabled(String bucket, boolean enabled) {
        boolean changed = enabled ? eventBridgeBuckets.add(bucket) : eventBridgeBuckets.remove(bucket);
        if (changed) {
            persistNotifications();
        }
    }

    public boolean eventBridgeEnabled(String bucket) {
        return eventBridgeBuckets.contains(bucket);
    }

    public void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String query = request.getQueryString();
        if (query != null && isNotificationQuery(query)) {
            handleNotificationConfiguration(request, response);
            return;
        }
        if (query != null && ObjectTags.isTaggingQuery(query)) {
            tags.handle(request, response, bucketOf(request), keyOf(request));
            return;
        }
        if (query == null && ("PUT".equals(request.getMethod()) || "DELETE".equals(request.getMethod()))) {
            tags.forget(bucketOf(request), keyOf(request)); // a new or deleted object has no tags
        }
        servletFor(request.getServerName()).service(request, response);
    }

    private HttpServlet servletFor(String host) {
        if (host != null) {
            for (var e : virtualHosted.entrySet()) {
                if (host.endsWith(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return pathStyle;
    }

    private static boolean isNotificationQuery(String query) {
        for (String part : query.split("&")) {
            if (part.equals("notification") || part.equals("notification=")) {
                return true;
            }
        }
        return false;
    }

    /** PutBucketNotificationConfiguration / GetBucketNotificationConfiguration: only EventBridge delivery is modelled. */
    private void handleNotificationConfiguration(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String bucket = bucketOf(request);
        if (bucket == null || !bucketExists(bucket)) {
            S3Errors.write(response, 404, "NoSuchBucket", "The specified bucket does not exist", bucket);
            return;
        }
        if ("PUT".equals(request.getMethod())) {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            setEventBridgeEnabled(bucket, EVENTBRIDGE_ON.matcher(body).find());
            response.setStatus(200);
            return;
        }
        response.setStatus(200);
        response.setContentType("application/xml");
        String inner = eventBridgeEnabled(bucket) ? "<EventBridgeConfiguration/>" : "";
        response.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner
                + "</NotificationConfiguration>").getBytes(StandardCharsets.UTF_8));
    }

    private boolean bucketExists(String bucket) {
        try {
            store.headBucket(software.amazon.awssdk.services.s3.model.HeadBucketRequest.builder().bucket(bucket)
                    .build());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The object key of a path-style or virtual-hosted request (decoded); null for bucket-level requests. */
    private static String keyOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        String host = request.getServerName();
        boolean virtual = VIRTUAL_HOSTS.stream().anyMatch(h -> host != null && host.endsWith("." + h));
        String rest = virtual ? path.substring(1) : path.replaceFirst("^/[^/]+/?", "");
        return rest.isEmpty() ? null : java.net.URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String bucketOf(HttpServletRequest request) {
        String host = request.getServerName();
        for (String suffix : VIRTUAL_HOSTS) {
            if (host != null && host.endsWith("." + suffix)) {
                return host.substring(0, host.length() - suffix.length() - 1);
            }
        }
        Matcher m = Pattern.compile("^/([^/?]+)").matcher(request.getRequestURI());
        return m.find() ? m.group(1) : null;
    }

    private void persistNotifications() {
        try {
            Path tmp = notificationsFile.resolveSibling(notificationsFile.getFileName() + ".tmp");
            Files.write(tmp, new TreeSet<>(eventBridgeBuckets));
            Files.move(tmp, notificationsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist bucket notification settings", e);
        }
    }

    /** For the deployer: creates a bucket if it does not exist yet. */
    public void ensureBucket(String bucket) {
        if (!bucketExists(bucket)) {
            store.createContainer(software.amazon.awssdk.services.s3.model.CreateBucketRequest.builder()
                    .bucket(bucket).build());
        }
    }

    /** Reads a whole object (Step Functions Distributed Map item readers); NoSuchKey/NoSuchBucket as AwsException. */
    public byte[] getObject(String bucket, String key) {
        try (var in = store.getBlob(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder()
                .bucket(bucket).key(key).build())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        } catch (RuntimeException e) {
            throw new dam.local.edge.AwsException("NoSuchKey", "s3://" + bucket + "/" + key + ": " + e.getMessage(),
                    404, e);
        }
    }

    /** Writes a whole object through the notifying store, so EventBridge sees it like any other PUT. */
    public void putObject(String bucket, String key, byte[] body) {
        store.putBlob(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(bucket).key(key)
                .contentLength((long) body.length).build(), new java.io.ByteArrayInputStream(body));
    }

    public void putVersioning(String bucket, boolean enabled) {
        if (store.supportsVersioning()) {
            store.putBucketVersioning(software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest.builder()
                    .bucket(bucket).versioningConfiguration(v -> v.status(enabled ? "Enabled" : "Suspended"))
                    .build());
        }
    }

    /** The store behind the servlets (tests look at it as the restarted provider sees it). */
    BlobStore blobStore() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
