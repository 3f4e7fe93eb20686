package dam.api;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.lifecycle.ArchiveService;
import dam.core.lifecycle.RetentionPolicy;
import dam.core.lifecycle.Tombstone;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.util.List;

/**
 * Archiving and deletion (issue 9): {@code POST /assets/{id}/archive {reason?}}, {@code POST /assets/{id}/restore}
 * (200 when back; 202 while a Glacier restore runs), {@code GET /assets/{id}/lifecycle},
 * {@code PUT/DELETE /assets/{id}/legal-hold {reason}}, {@code DELETE /assets/{id}?reason=} (409 under legal hold;
 * repeated → the same tombstone), {@code GET /assets/{id}/tombstone}, {@code GET/PUT /brands/{brand}/retention-policy}.
 */
@Controller
final class ArchiveController {

    private final ArchiveService archive;
    private final ApiJson json;
    private final Responses responses;

    ArchiveController(ArchiveService archive, ApiJson json, Responses responses) {
        this.archive = archive;
        this.json = json;
        this.responses = responses;
    }

    record ReasonBody(String reason) {
    }

    record PolicyBody(String name, Integer archiveAfterDays, Integer deleteAfterDays) {
    }

    record PolicyView(String brand, RetentionPolicy policy) {
    }

    record DeletedView(String assetId, String state, Tombstone tombstone, boolean tombstoneVerifies,
                       int objectsRemoved, int itemsRemoved, boolean repeated) {
    }

    record TombstoneView(Tombstone tombstone, boolean verifies) {
    }

    @Post("/assets/{id}/archive")
    HttpResponse<String> archive(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        return responses.ok(archive.archive(principal, id, reason(body)));
    }

    @Post("/assets/{id}/restore")
    HttpResponse<String> restore(Principal principal, @PathVariable String id) {
        ArchiveService.View v = archive.restore(principal, id);
        return responses.json(v.pendingRestores() > 0 ? HttpStatus.ACCEPTED : HttpStatus.OK, v);
    }

    @Get("/assets/{id}/lifecycle")
    HttpResponse<String> state(Principal principal, @PathVariable String id) {
        return responses.ok(archive.state(principal, id));
    }

    @Put("/assets/{id}/legal-hold")
    HttpResponse<String> hold(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        return responses.ok(archive.hold(principal, id, reason(body)));
    }

    @Delete("/assets/{id}/legal-hold")
    HttpResponse<String> release(Principal principal, @PathVariable String id) {
        return responses.ok(archive.release(principal, id));
    }

    @Delete("/assets/{id}")
    HttpResponse<String> delete(Principal principal, @PathVariable String id, @Nullable @QueryValue String reason) {
        ArchiveService.Deleted d = archive.delete(principal, id, reason);
        return responses.ok(new DeletedView(id, "deleted", d.tombstone(), d.tombstone().verifies(),
                d.objectsRemoved(), d.itemsRemoved(), d.repeated()));
    }

    @Get("/assets/{id}/tombstone")
    HttpResponse<String> tombstone(Principal principal, @PathVariable String id) {
        Tombstone t = archive.tombstone(principal, id);
        return responses.ok(new TombstoneView(t, t.verifies()));
    }

    @Get("/brands/{brand}/retention-policy")
    HttpResponse<String> policy(Principal principal, @PathVariable String brand) {
        return responses.ok(new PolicyView(brand, archive.policy(principal, brand).orElse(null)));
    }

    @Put("/brands/{brand}/retention-policy")
    HttpResponse<String> savePolicy(Principal principal, @PathVariable String brand, @Nullable @Body String body) {
        PolicyBody b = json.read(json.object(body), PolicyBody.class, null);
        if (b.archiveAfterDays() == null) {
            throw new ValidationException(List.of(new FieldError("archiveAfterDays", Codes.REQUIRED,
                    "days after the last use to archive (1–" + RetentionPolicy.MAX_DAYS + ")")));
        }
        RetentionPolicy p = new RetentionPolicy(b.name(), b.archiveAfterDays(), b.deleteAfterDays());
        return responses.ok(new PolicyView(brand, archive.savePolicy(principal, brand, p)));
    }

    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        return json.read(json.object(body), ReasonBody.class, null).reason();
    }
}
