package dam.api;

import dam.core.auth.Principal;
import dam.core.captions.CaptionService;
import dam.core.captions.TranscriptionJob;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

/**
 * Caption tracks of video and audio assets (issue 9): the body of a PUT is the SRT or WebVTT file itself (any
 * Content-Type: the service decides, sniffing text/plain and none); a GET of one language answers the file, converted
 * when {@code ?format=srt|vtt} asks for the other format.
 */
@Controller
final class CaptionController {

    private final CaptionService captions;
    private final Responses responses;

    CaptionController(CaptionService captions, Responses responses) {
        this.captions = captions;
        this.responses = responses;
    }

    @Get("/assets/{id}/captions")
    HttpResponse<String> list(Principal principal, @PathVariable String id) {
        return responses.ok(captions.list(principal, id));
    }

    @Get("/assets/{id}/captions/{lang}")
    HttpResponse<String> get(Principal principal, @PathVariable String id, @PathVariable String lang,
                             @Nullable @QueryValue String format) {
        CaptionService.File f = captions.get(principal, id, lang, format);
        return HttpResponse.<String>ok(f.text()).contentType(f.format().contentType() + "; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"" + id + "." + lang + "." + f.format().extension()
                        + "\"");
    }

    @Put("/assets/{id}/captions/{lang}")
    @Consumes(MediaType.ALL)
    HttpResponse<String> put(Principal principal, @PathVariable String id, @PathVariable String lang,
                             @Nullable @Body String body, @Nullable @Header("Content-Type") String contentType) {
        return responses.ok(captions.put(principal, id, lang, body, contentType));
    }

    @Delete("/assets/{id}/captions/{lang}")
    HttpResponse<String> delete(Principal principal, @PathVariable String id, @PathVariable String lang) {
        captions.delete(principal, id, lang);
        return responses.ok(captions.list(principal, id));
    }

    /** 202 with the job; 501 where there is no speech-to-text service (see {@link TranscriptionUnavailable}). */
    @Post("/assets/{id}/captions/{lang}/generate")
    @Consumes(MediaType.ALL)
    HttpResponse<String> generate(Principal principal, @PathVariable String id, @PathVariable String lang) {
        TranscriptionJob job = captions.generate(principal, id, lang);
        return responses.json(HttpStatus.ACCEPTED, new Started(job.name(), job.assetId(), job.version(), job.lang(),
                job.state(), job.requestedAt().toString()));
    }

    record Started(String job, String assetId, int version, String lang, String state, String requestedAt) {
    }
}
