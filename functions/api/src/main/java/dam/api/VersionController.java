package dam.api;

import dam.core.auth.Principal;
import dam.core.library.VersionService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.util.List;

/**
 * Version history and making versions from older ones: {@code GET /assets/{id}/versions} (each with its origin:
 * uploaded, revert of n, or edit of n with the recipe), {@code POST /assets/{id}/versions/{n}/revert} and
 * {@code POST /assets/{id}/edits {baseVersion, recipe:[{op: crop|rotate|resize|flip, …}]}} → 202 with the new
 * version (uploading: ingest makes it ready like any upload).
 */
@Controller("/assets/{id}")
final class VersionController {

    private final VersionService versions;
    private final ApiJson json;
    private final Responses responses;

    VersionController(VersionService versions, ApiJson json, Responses responses) {
        this.versions = versions;
        this.json = json;
        this.responses = responses;
    }

    record Items(List<VersionService.VersionView> items) {
    }

    @Get("/versions")
    HttpResponse<String> list(Principal principal, @PathVariable String id) {
        return responses.ok(new Items(versions.versions(principal, id)));
    }

    @Post("/versions/{n}/revert")
    HttpResponse<String> revert(Principal principal, @PathVariable String id, @PathVariable int n) {
        return responses.json(HttpStatus.ACCEPTED, versions.revert(principal, id, n));
    }

    @Post("/edits")
    HttpResponse<String> edit(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        VersionService.EditInput in = json.read(json.object(body), VersionService.EditInput.class, null);
        return responses.json(HttpStatus.ACCEPTED, versions.edit(principal, id, in));
    }
}
