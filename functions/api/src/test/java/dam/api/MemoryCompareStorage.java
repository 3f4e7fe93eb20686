package dam.api;

import dam.core.review.CompareStorage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The derivatives bucket in memory; remembers which keys were written (to see what a call computed). */
final class MemoryCompareStorage implements CompareStorage {

    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public URI presignGet(String key, Duration ttl) {
        return URI.create("https://derivatives.example/" + key + "?X-Amz-Expires=" + ttl.toSeconds());
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public synchronized void write(String key, byte[] bytes, String contentType) {
        writes.add(key);
        objects.put(key, bytes);
    }
}
