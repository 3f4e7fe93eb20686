package dam.ingest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link SourceFiles} for integrations: objects under the originals bucket's {@code incoming/} prefix (integrations
 * may write only there) are copied server-side; HTTPS URLs are streamed in, refusing anything that resolves to a
 * loopback, private, link-local or multicast address (no reaching into the VPC or the metadata service).
 */
public final class AwsSourceFiles implements SourceFiles {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final S3Client s3;
    private final String originals;
    private final HttpClient http;

    public AwsSourceFiles(S3Client s3, String originals) {
        this.s3 = s3;
        this.originals = originals;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public long size(Source source) {
        if (source.incomingKey() != null) {
            try {
                return s3.headObject(r -> r.bucket(originals).key(source.incomingKey())).contentLength();
            } catch (NoSuchKeyException e) {
                throw new BadSource("no object at " + source.incomingKey());
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new BadSource("no object at " + source.incomingKey());
                }
                throw e;
            }
        }
        HttpResponse<Void> head = send(HttpRequest.newBuilder(publicHttps(source.url())).timeout(TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return head.headers().firstValueAsLong("Content-Length").orElseThrow(() -> new BadSource(
                source.url() + " does not say its Content-Length"));
    }

    @Override
    public void copy(Source source, String originalKey, String contentType, long size) {
        if (source.incomingKey() != null) {
            s3.copyObject(r -> r.sourceBucket(originals).sourceKey(source.incomingKey())
                    .destinationBucket(originals).destinationKey(originalKey));
            s3.deleteObject(r -> r.bucket(originals).key(source.incomingKey()));
            return;
        }
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(publicHttps(source.url())).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            // The declared length is what the version records; a body of another length is caught by the sniff step.
            s3.putObject(r -> r.bucket(originals).key(originalKey).contentType(contentType),
                    RequestBody.fromInputStream(in, size));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading " + source.url(), e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpResponse<T> r = http.send(request, handler);
            if (r.statusCode() != 200) {
                throw new BadSource(request.uri() + " answered " + r.statusCode());
            }
            return r;
        } catch (IOException e) {
            throw new BadSource(request.uri() + " could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Only https, and only hosts that resolve to public addresses. */
    static URI publicHttps(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadSource("not a URL: " + url);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new BadSource("only https URLs are accepted");
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || isUniqueLocalV6(a)) {
                    throw new BadSource(uri.getHost() + " is not a public address");
                }
            }
        } catch (UnknownHostException e) {
            throw new BadSource("unknown host " + uri.getHost());
        }
        return uri;
    }

    private static boolean isUniqueLocalV6(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }
}
