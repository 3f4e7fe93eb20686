package dam.core.asset.memory;

import dam.core.asset.AssetStorage;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link AssetStorage} that hands out fake URLs and records what was deleted, completed and aborted. */
public final class RecordingAssetStorage implements AssetStorage {

    private final List<String> deletedOriginals = new ArrayList<>();
    private final List<String> deletedDerivatives = new ArrayList<>();
    private final List<String> completed = new ArrayList<>();
    private final List<String> aborted = new ArrayList<>();
    private int uploads;

    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
        return URI.create("https://storage.test/" + key + "?len=" + contentLength + "&ttl=" + ttl.toSeconds());
    }

    @Override
    public synchronized String createMultipart(String key, String contentType) {
        return "upload-" + (++uploads);
    }

    @Override
    public URI presignPart(String key, String uploadId, int partNumber, Duration ttl) {
        return URI.create("https://storage.test/" + key + "?uploadId=" + uploadId + "&partNumber=" + partNumber);
    }

    @Override
    public synchronized void completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        completed.add(key + "#" + uploadId + "#" + parts.size());
    }

    @Override
    public synchronized void abortMultipart(String key, String uploadId) {
        aborted.add(key + "#" + uploadId);
    }

    @Override
    public synchronized void deleteOriginal(String key) {
        deletedOriginals.add(key);
    }

    @Override
    public synchronized void deleteDerivatives(List<String> keys) {
        deletedDerivatives.addAll(keys);
    }

    public synchronized List<String> deletedOriginals() {
        return List.copyOf(deletedOriginals);
    }

    public synchronized List<String> deletedDerivatives() {
        return List.copyOf(deletedDerivatives);
    }

    public synchronized List<String> completed() {
        return List.copyOf(completed);
    }

    public synchronized List<String> aborted() {
        return List.copyOf(aborted);
    }
}
