package dam.api;

import dam.core.auth.Principal;
import dam.core.library.DownloadRequest;
import dam.core.library.DownloadService;
import dam.core.library.Preset;
import dam.core.library.RightsInput;
import dam.core.library.RightsService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.util.List;

/**
 * The library's downloads, focal points, rights records and brand presets (issue 8). A download answers 302 to a
 * short-lived presigned GET; the body says the same for clients that do not follow redirects.
 */
@Controller
final class LibraryController {

    private final DownloadService downloads;
    private final RightsService rights;
    private final ApiJson json;
    private final Responses responses;
    private final UsageRecorder usage;

    LibraryController(DownloadService downloads, RightsService rights, ApiJson json, Responses responses,
                      UsageRecorder usage) {
        this.downloads = downloads;
        this.rights = rights;
        this.json = json;
        this.responses = responses;
        this.usage = usage;
    }

    record FocalBody(Double x, Double y) {
    }

    record PresetsBody(List<PresetBody> presets) {
    }

    record PresetBody(String name, Integer width, Integer height) {
    }

    record PresetList(String brand, List<Preset> presets) {
    }

    @Get("/assets/{id}/download")
    HttpResponse<String> download(Principal principal, @PathVariable String id,
                                  @Nullable @QueryValue String format, @Nullable @QueryValue String preset,
                                  @Nullable @QueryValue String width, @Nullable @QueryValue String height,
                                  @Nullable @QueryValue String version) {
        DownloadService.Redirect r = downloads.download(principal, id,
                new DownloadRequest(format, preset, width, height, version));
        usage.used(principal, dam.core.analytics.UsageKind.DOWNLOAD, id);
        return responses.json(HttpStatus.FOUND, r).header("Location", r.url().toString());
    }

    @Get("/assets/{id}/focal-point")
    HttpResponse<String> focal(Principal principal, @PathVariable String id, @Nullable @QueryValue Integer version) {
        return responses.ok(downloads.focal(principal, id, version));
    }

    /** {@code {x, y}} relative (0..1); {@code {}} clears the manual point. */
    @Put("/assets/{id}/focal-point")
    HttpResponse<String> setFocal(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        FocalBody b = json.read(json.object(body), FocalBody.class, null);
        return responses.ok(downloads.setFocal(principal, id, b.x(), b.y()));
    }

    @Get("/assets/{id}/rights")
    HttpResponse<String> rights(Principal principal, @PathVariable String id) {
        return responses.ok(rights.list(principal, id));
    }

    @Get("/assets/{id}/rights/{rightsId}")
    HttpResponse<String> rightsRecord(Principal principal, @PathVariable String id, @PathVariable String rightsId) {
        return responses.ok(rights.get(principal, id, rightsId));
    }

    @Put("/assets/{id}/rights/{rightsId}")
    HttpResponse<String> putRights(Principal principal, @PathVariable String id, @PathVariable String rightsId,
                                   @Nullable @Body String body) {
        RightsInput in = json.read(json.object(body), RightsInput.class, null);
        return responses.ok(rights.put(principal, id, rightsId, in));
    }

    @Delete("/assets/{id}/rights/{rightsId}")
    HttpResponse<String> deleteRights(Principal principal, @PathVariable String id, @PathVariable String rightsId) {
        rights.delete(principal, id, rightsId);
        return responses.ok(rights.list(principal, id));
    }

    @Get("/brands/{brand}/presets")
    HttpResponse<String> presets(Principal principal, @PathVariable String brand) {
        return responses.ok(new PresetList(brand, downloads.presets(principal, brand)));
    }

    /** Replaces the brand's presets: {@code {presets:[{name, width, height}]}} (1..20,000 px per side). */
    @Put("/brands/{brand}/presets")
    HttpResponse<String> savePresets(Principal principal, @PathVariable String brand, @Nullable @Body String body) {
        PresetsBody b = json.read(json.object(body), PresetsBody.class, null);
        List<Preset> list = new java.util.ArrayList<>();
        List<dam.core.FieldError> errors = new java.util.ArrayList<>();
        List<PresetBody> raw = b.presets() == null ? List.of() : b.presets();
        for (int i = 0; i < raw.size(); i++) {
            PresetBody p = raw.get(i);
            try {
                list.add(new Preset(p.name(), p.width() == null ? 0 : p.width(), p.height() == null ? 0
                        : p.height()));
            } catch (IllegalArgumentException | NullPointerException e) {
                errors.add(new dam.core.FieldError("presets[" + i + "]", dam.core.FieldError.Codes.INVALID,
                        e.getMessage() == null ? "name, width and height are required" : e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new dam.core.ValidationException(errors);
        }
        return responses.ok(new PresetList(brand, downloads.savePresets(principal, brand, list)));
    }
}
