package dam.api;

import com.fasterxml.jackson.databind.JsonNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.bulk.BulkJob;
import dam.core.bulk.BulkJobService;
import dam.core.bulk.Skip;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bulk resize/convert jobs (issue 8): {@code POST /bulk-jobs {assetIds:[…≤10,000] | query:{q, <facet>…}, presets:[…],
 * format}} → 202 {@code {jobId, status, total, skipped, skippedItems:[{assetId, presets, reason}]}};
 * {@code GET /bulk-jobs/{id}} → progress and, once finished, {@code manifestUrl}/{@code zipUrl} (presigned, 15 min);
 * {@code GET /bulk-jobs} → the caller's jobs; {@code POST /bulk-jobs/{id}/resume} → 202 (a failed job only).
 */
@Controller("/bulk-jobs")
final class BulkJobController {

    private final BulkJobService jobs;
    private final ApiJson json;
    private final Responses responses;

    BulkJobController(BulkJobService jobs, ApiJson json, Responses responses) {
        this.jobs = jobs;
        this.json = json;
        this.responses = responses;
    }

    /** The body as sent: query values are a string or a list of strings (as repeated GET /search parameters). */
    record Input(List<String> assetIds, Map<String, JsonNode> query, List<String> presets, String format) {
    }

    record Created(String jobId, String status, long total, long skipped, List<Skip> skippedItems) {
    }

    record View(String jobId, String status, long total, long done, long failed, long skipped, String format,
                List<String> presets, int run, Instant createdAt, Instant updatedAt, String error, URI manifestUrl,
                URI zipUrl) {

        static View of(BulkJob j, URI manifestUrl, URI zipUrl) {
            return new View(j.jobId(), j.status().name(), j.total(), j.done(), j.failed(), j.skipped(), j.format(),
                    j.presets(), j.run(), j.createdAt(), j.updatedAt(), j.error(), manifestUrl, zipUrl);
        }
    }

    record Items(List<View> items) {
    }

    @Post
    HttpResponse<String> create(Principal principal, @Nullable @Body String body) {
        Input in = json.read(json.object(body), Input.class, null);
        BulkJobService.Created c = jobs.create(principal, new BulkJobService.Request(in.assetIds(),
                query(in.query()), in.presets(), in.format()));
        return responses.json(HttpStatus.ACCEPTED, new Created(c.job().jobId(), c.job().status().name(),
                c.job().total(), c.job().skipped(), c.skipped()));
    }

    @Get
    HttpResponse<String> mine(Principal principal) {
        return responses.ok(new Items(jobs.mine(principal).stream().map(j -> View.of(j, null, null)).toList()));
    }

    @Get("/{id}")
    HttpResponse<String> get(Principal principal, @PathVariable String id) {
        BulkJobService.View v = jobs.get(principal, id);
        return responses.ok(View.of(v.job(), v.manifestUrl(), v.zipUrl()));
    }

    @Post("/{id}/resume")
    HttpResponse<String> resume(Principal principal, @PathVariable String id) {
        return responses.json(HttpStatus.ACCEPTED, View.of(jobs.resume(principal, id), null, null));
    }

    private static Map<String, List<String>> query(Map<String, JsonNode> raw) {
        if (raw == null) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        raw.forEach((field, value) -> {
            List<String> values = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(v -> values.add(text("query." + field, v)));
            } else {
                values.add(text("query." + field, value));
            }
            out.put(field, values);
        });
        return out;
    }

    private static String text(String field, JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw new ValidationException(new FieldError(field, Codes.INVALID, "a search value is a string or a "
                    + "list of strings"));
        }
        return v.textValue();
    }
}
