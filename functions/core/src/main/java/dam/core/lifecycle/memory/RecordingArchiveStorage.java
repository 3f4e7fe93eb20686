package dam.core.lifecycle.memory;

import dam.core.lifecycle.ArchiveStorage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ArchiveStorage} over a set of object keys: archive tags, {@link #transition} plays the bucket's lifecycle
 * rule (an archive storage class), {@link #restoreCompletes} a finished Glacier restore.
 */
public final class RecordingArchiveStorage implements ArchiveStorage {

    private final Set<String> objects = new HashSet<>();
    private final Set<String> tagged = new HashSet<>();
    /** key → restore done? (present = in an archive storage class) */
    private final Map<String, Boolean> cold = new HashMap<>();
    private int restoreRequests;
    private boolean failNextPurge;

    public synchronized void put(String key) {
        objects.add(key);
    }

    public synchronized Set<String> objects() {
        return Set.copyOf(objects);
    }

    public synchronized Set<String> tagged() {
        return Set.copyOf(tagged);
    }

    /** What the lifecycle rule does on AWS to tagged objects. */
    public synchronized void transition() {
        tagged.forEach(k -> cold.put(k, false));
    }

    public synchronized void restoreCompletes() {
        cold.replaceAll((k, v) -> true);
    }

    /** The next purge fails (S3 unreachable) before deleting anything. */
    public synchronized void failNextPurge() {
        failNextPurge = true;
    }

    public synchronized int restoreRequests() {
        return restoreRequests;
    }

    @Override
    public synchronized void archive(List<String> originalKeys) {
        tagged.addAll(originalKeys);
    }

    @Override
    public synchronized int restore(List<String> originalKeys) {
        int pending = 0;
        for (String k : originalKeys) {
            Boolean done = cold.get(k);
            if (done == null || done) {
                cold.remove(k);
                tagged.remove(k);
            } else {
                restoreRequests++;
                pending++;
            }
        }
        return pending;
    }

    @Override
    public synchronized int purge(String assetId) {
        if (failNextPurge) {
            failNextPurge = false;
            throw new IllegalStateException("S3 unreachable");
        }
        int before = objects.size();
        objects.removeIf(k -> k.split("/").length > 1 && k.split("/")[1].equals(assetId));
        tagged.removeIf(k -> !objects.contains(k));
        return before - objects.size();
    }
}
