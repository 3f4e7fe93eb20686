package dam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./dam import} has done to each file of a folder, kept in {@code <folder>/.dam-import.jsonl}: the upload
 * was requested (asset and version known), the bytes were uploaded, and the version's ingest outcome. A rerun reads it
 * to upload only what is missing; see {@link #decide}.
 */
final class ImportJournal implements Closeable {

    static final String FILE_NAME = ".dam-import.jsonl";

    /** How far a file got. */
    enum Stage { REQUESTED, UPLOADED, INGESTED }

    /** The latest record of one file for one brief. {@code state}/{@code reasons} are set once ingested. */
    record Entry(String file, String brief, long size, long modified, String sha256, String assetId, int version,
                 Stage stage, String state, List<String> reasons) {
    }

    /** What a run does with a file. */
    enum Action {
        /** Ask for an upload (with the file's idempotency key: a repeat gets the same version) and send the bytes. */
        UPLOAD,
        /** The bytes are in: only wait for the ingest outcome. */
        WAIT,
        /** Already ingested: report the recorded outcome. */
        DONE
    }

    private final Journal journal;
    private final ObjectMapper json;
    private final Map<String, Entry> latest = new HashMap<>();

    private ImportJournal(Journal journal, ObjectMapper json) {
        this.journal = journal;
        this.json = json;
        for (ObjectNode r : journal.records()) {
            Entry e = parse(r);
            if (e != null) {
                latest.put(key(e.brief(), e.file()), e);
            }
        }
    }

    static ImportJournal open(Path folder, ObjectMapper json) throws IOException {
        return new ImportJournal(Journal.open(folder.resolve(FILE_NAME), json), json);
    }

    private static String key(String brief, String file) {
        return brief + "\n" + file;
    }

    private static Entry parse(ObjectNode r) {
        Stage stage;
        try {
            stage = Stage.valueOf(r.path("stage").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null; // a record from a newer CLI: ignoring it only means the file is looked at again
        }
        List<String> reasons = new ArrayList<>();
        r.path("reasons").forEach(n -> reasons.add(n.asText()));
        return new Entry(r.path("file").asText(), r.path("brief").asText(), r.path("size").asLong(-1),
                r.path("modified").asLong(-1), r.path("sha256").asText(), r.path("assetId").asText(),
                r.path("version").asInt(), stage, r.hasNonNull("state") ? r.get("state").asText() : null,
                List.copyOf(reasons));
    }

    /** The latest record for this file and brief, if any. */
    synchronized Optional<Entry> last(String brief, String file) {
        return Optional.ofNullable(latest.get(key(brief, file)));
    }

    /**
     * The hash recorded for this file when its size and modification time are unchanged (so a rerun need not read
     * big files again), else empty.
     */
    static Optional<String> knownHash(Optional<Entry> last, long size, long modified) {
        return last.filter(e -> e.size() == size && e.modified() == modified && !e.sha256().isEmpty())
                .map(Entry::sha256);
    }

    /** Resume rule: the same content already uploaded is never sent again; changed content is a new upload. */
    static Action decide(Optional<Entry> last, String sha256) {
        if (last.isEmpty() || !last.get().sha256().equals(sha256)) {
            return Action.UPLOAD;
        }
        return switch (last.get().stage()) {
            case REQUESTED -> Action.UPLOAD; // killed between the request and the end of the upload
            case UPLOADED -> Action.WAIT;
            case INGESTED -> Action.DONE;
        };
    }

    void requested(String brief, String file, long size, long modified, String sha256, String assetId, int version)
            throws IOException {
        write(new Entry(file, brief, size, modified, sha256, assetId, version, Stage.REQUESTED, null, List.of()));
    }

    void uploaded(Entry requested) throws IOException {
        write(new Entry(requested.file(), requested.brief(), requested.size(), requested.modified(),
                requested.sha256(), requested.assetId(), requested.version(), Stage.UPLOADED, null, List.of()));
    }

    void ingested(Entry uploaded, String state, List<String> reasons) throws IOException {
        write(new Entry(uploaded.file(), uploaded.brief(), uploaded.size(), uploaded.modified(), uploaded.sha256(),
                uploaded.assetId(), uploaded.version(), Stage.INGESTED, state, List.copyOf(reasons)));
    }

    private synchronized void write(Entry e) throws IOException {
        ObjectNode r = json.createObjectNode();
        r.put("stage", e.stage().name().toLowerCase(java.util.Locale.ROOT));
        r.put("file", e.file());
        r.put("brief", e.brief());
        r.put("size", e.size());
        r.put("modified", e.modified());
        r.put("sha256", e.sha256());
        r.put("assetId", e.assetId());
        r.put("version", e.version());
        if (e.state() != null) {
            r.put("state", e.state());
            var reasons = r.putArray("reasons");
            e.reasons().forEach(reasons::add);
        }
        journal.append(r);
        latest.put(key(e.brief(), e.file()), e);
    }

    Path file() {
        return journal.file();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
