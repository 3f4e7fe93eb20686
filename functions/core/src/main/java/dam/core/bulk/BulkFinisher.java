package dam.core.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The state machine's last step: the result manifest (CSV, one row per item in manifest order plus one per skipped
 * asset) and the ZIP of every rendered item — both streamed into the store (multipart in S3), one derivative at a
 * time, never a whole file in memory — then the job's status and {@value BulkJobs#COMPLETED} (once per run). After a
 * completed run, items no batch recorded (their batch failed within the tolerated percentage) are recorded as failed;
 * after a failed run they stay pending for a resume. Running it again rewrites the same files.
 */
public final class BulkFinisher {

    static final String HEADER = "assetId,version,preset,format,status,file,error";

    private final BulkJobStore jobs;
    private final BulkFiles files;
    private final EventPublisher events;
    private final Clock clock;
    private final ObjectMapper json;

    public BulkFinisher(BulkJobStore jobs, BulkFiles files, EventPublisher events, Clock clock, ObjectMapper json) {
        this.jobs = Objects.requireNonNull(jobs);
        this.files = Objects.requireNonNull(files);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.json = Objects.requireNonNull(json);
    }

    /** @param completed the map finished (within its tolerated failures); false = the run failed */
    public BulkJob finish(String jobId, boolean completed, String error) {
        BulkJob job = jobs.find(jobId).orElseThrow(() -> new IllegalArgumentException("no bulk job " + jobId));
        List<BulkItem> manifest = manifest(jobId);
        Map<String, ItemOutcome> outcomes = new HashMap<>();
        jobs.outcomes(jobId).forEach(o -> outcomes.put(o.item().id(), o));
        if (completed) {
            List<ItemOutcome> missing = manifest.stream().filter(i -> !outcomes.containsKey(i.id()))
                    .map(i -> ItemOutcome.failed(i, "not rendered: its batch failed"
                            + (error == null ? "" : " (" + error + ")"))).toList();
            if (!missing.isEmpty()) {
                jobs.record(jobId, missing);
                missing.forEach(o -> outcomes.put(o.item().id(), o));
            }
        }
        writeResult(jobId, manifest, outcomes, skipped(jobId));
        writeZip(jobId, manifest, outcomes);
        BulkJob after = jobs.finish(jobId, completed ? BulkStatus.COMPLETED : BulkStatus.FAILED, error,
                clock.instant());
        if (jobs.claimCompletion(jobId, after.run())) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", 1);
            detail.put("jobId", jobId);
            detail.put("owner", job.owner());
            detail.put("status", after.status().name());
            detail.put("total", after.total());
            detail.put("done", after.done());
            detail.put("failed", after.failed());
            detail.put("skipped", after.skipped());
            detail.put("manifestKey", BulkJobs.resultKey(jobId));
            detail.put("zipKey", BulkJobs.zipKey(jobId));
            detail.put("at", clock.instant().toString());
            events.publish(new OutboundEvent(BulkJobs.SOURCE, BulkJobs.COMPLETED, detail));
        }
        return after;
    }

    private List<BulkItem> manifest(String jobId) {
        List<BulkItem> items = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(files.open(BulkJobs.manifestKey(jobId)),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    items.add(json.readValue(line, BulkItem.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the manifest of job " + jobId, e);
        }
        return items;
    }

    private List<Skip> skipped(String jobId) {
        try (InputStream in = files.open(BulkJobs.skippedKey(jobId))) {
            return Arrays.asList(json.readValue(in, Skip[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the skipped assets of job " + jobId, e);
        }
    }

    private void writeResult(String jobId, List<BulkItem> manifest, Map<String, ItemOutcome> outcomes,
                             List<Skip> skipped) {
        try (Writer w = new OutputStreamWriter(new BufferedOutputStream(files.create(BulkJobs.resultKey(jobId),
                "text/csv"), 64 * 1024), StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (BulkItem i : manifest) {
                ItemOutcome o = outcomes.get(i.id());
                String status = o == null ? "pending" : o.ok() ? "done" : "failed";
                row(w, i.assetId(), Integer.toString(i.version()), i.preset(), i.format(), status,
                        o != null && o.ok() ? i.zipEntry() : "", o == null || o.ok() ? "" : o.error());
            }
            for (Skip s : skipped) {
                for (String preset : s.presets()) {
                    row(w, s.assetId(), "", preset, "", "skipped", "", s.reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the result manifest of job " + jobId, e);
        }
    }

    private static void row(Writer w, String... cells) throws IOException {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                w.write(',');
            }
            w.write(csv(cells[c]));
        }
        w.write('\n');
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
    static String csv(String v) {
        String s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void writeZip(String jobId, List<BulkItem> manifest, Map<String, ItemOutcome> outcomes) {
        Set<String> names = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(files.create(BulkJobs.zipKey(jobId),
                "application/zip"), 64 * 1024))) {
            zip.setLevel(Deflater.BEST_SPEED); // images are compressed already; TIFFs still shrink a little
            for (BulkItem i : manifest) {
                ItemOutcome o = outcomes.get(i.id());
                if (o == null || !o.ok()) {
                    continue;
                }
                if (!names.add(i.zipEntry())) {
                    throw new IllegalStateException("the manifest of job " + jobId + " lists " + i.id() + " twice");
                }
                zip.putNextEntry(new ZipEntry(i.zipEntry()));
                try (InputStream in = files.open(o.key())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the ZIP of job " + jobId, e);
        }
    }
}
