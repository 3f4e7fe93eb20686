package dam.core.bulk.memory;

import dam.core.bulk.BulkFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BulkFiles} in memory: objects appear when their stream is closed, as an S3 multipart upload completes. */
public final class InMemoryBulkFiles implements BulkFiles {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public void put(String key, byte[] body) {
        objects.put(key, body.clone());
    }

    public byte[] get(String key) {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new IllegalArgumentException("no object " + key);
        }
        return b.clone();
    }

    public boolean has(String key) {
        return objects.containsKey(key);
    }

    @Override
    public OutputStream create(String key, String contentType) {
        return new ByteArrayOutputStream() {
            @Override
            public void close() {
                objects.put(key, toByteArray());
            }
        };
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public URI presign(String key, String fileName, Duration ttl) {
        return URI.create("https://files.example/" + key + "?name=" + fileName + "&ttl=" + ttl.toSeconds());
    }
}
