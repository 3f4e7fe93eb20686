package dam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./dam export} saved in a folder, kept in {@code <folder>/.dam-export.jsonl}: per asset, preset and
 * format, the version, file name, size and SHA-256. A rerun skips a file that is still there with that size and hash
 * for the same version, and fetches the rest.
 */
final class ExportManifest implements Closeable {

    static final String FILE_NAME = ".dam-export.jsonl";

    /** One saved file. */
    record Saved(String assetId, int version, String preset, String format, String file, long size, String sha256) {
    }

    private final Journal journal;
    private final ObjectMapper json;
    private final Map<String, Saved> latest = new HashMap<>();

    private ExportManifest(Journal journal, ObjectMapper json) {
        this.journal = journal;
        this.json = json;
        for (ObjectNode r : journal.records()) {
            Saved s = new Saved(r.path("assetId").asText(), r.path("version").asInt(), r.path("preset").asText(),
                    r.path("format").asText(), r.path("file").asText(), r.path("size").asLong(-1),
                    r.path("sha256").asText());
            latest.put(key(s.assetId(), s.preset(), s.format()), s);
        }
    }

    static ExportManifest open(Path folder, ObjectMapper json) throws IOException {
        return new ExportManifest(Journal.open(folder.resolve(FILE_NAME), json), json);
    }

    private static String key(String assetId, String preset, String format) {
        return assetId + "\n" + preset + "\n" + format;
    }

    /**
     * The saved file when it is still current: same version, and the file in {@code folder} has the recorded size
     * and SHA-256 (a truncated, edited or deleted file is fetched again).
     */
    synchronized Optional<Saved> current(Path folder, String assetId, int version, String preset, String format)
            throws IOException {
        Saved s = latest.get(key(assetId, preset, format));
        if (s == null || s.version() != version) {
            return Optional.empty();
        }
        Path file = folder.resolve(s.file());
        if (!Files.isRegularFile(file) || Files.size(file) != s.size() || !Hashes.sha256(file).equals(s.sha256())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    synchronized void saved(Saved s) throws IOException {
        ObjectNode r = json.createObjectNode().put("assetId", s.assetId()).put("version", s.version())
                .put("preset", s.preset()).put("format", s.format()).put("file", s.file()).put("size", s.size())
                .put("sha256", s.sha256());
        journal.append(r);
        latest.put(key(s.assetId(), s.preset(), s.format()), s);
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
