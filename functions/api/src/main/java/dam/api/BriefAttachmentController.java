package dam.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.auth.Principal;
import dam.core.auth.SecuredBriefs;
import dam.core.brief.BriefDocument;
import dam.core.brief.DocumentUpload;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A brief's links (related briefs both ways, assets by id), supporting documents (the bytes go straight to storage
 * with a presigned PUT) and progress (issue 5). Changes carry {@code expectedVersion} like every brief change.
 */
@Controller("/briefs")
final class BriefAttachmentController {

    private final SecuredBriefs briefs;
    private final ApiJson json;
    private final Responses responses;

    BriefAttachmentController(SecuredBriefs briefs, ApiJson json, Responses responses) {
        this.briefs = briefs;
        this.json = json;
        this.responses = responses;
    }

    record LinkBody(String kind, String targetId) {
    }

    record DocumentBody(String fileName, String contentType, Long size) {
    }

    /** How the client sends the file: exactly these headers, before {@code expiresAt}. */
    record Upload(URI url, String method, Map<String, String> headers, Instant expiresAt) {
    }

    record DocumentCreated(String documentId, long briefVersion, BriefDocument document, Upload upload) {
        static DocumentCreated of(DocumentUpload u) {
            BriefDocument d = u.document();
            return new DocumentCreated(d.id(), u.result().brief().version(), d, new Upload(u.url(), "PUT",
                    Map.of("Content-Type", d.contentType(), "Content-Length", Long.toString(d.size())),
                    u.expiresAt()));
        }
    }

    @Post("/{id}/links")
    HttpResponse<String> link(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        LinkBody l = json.read(node, LinkBody.class, null);
        return responses.json(HttpStatus.CREATED,
                briefs.link(principal, id, expected, l.kind(), l.targetId()).brief());
    }

    /** DELETE has no body: the version comes as {@code ?expectedVersion=}. */
    @Delete("/{id}/links/{kind}/{targetId}")
    HttpResponse<String> unlink(Principal principal, @PathVariable String id, @PathVariable String kind,
                                @PathVariable String targetId, @Nullable @QueryValue String expectedVersion) {
        return responses.ok(briefs.unlink(principal, id, BriefController.parseVersion(expectedVersion), kind,
                targetId).brief());
    }

    @Post("/{id}/documents")
    HttpResponse<String> addDocument(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        DocumentBody d = json.read(node, DocumentBody.class, null);
        DocumentUpload upload = briefs.addDocument(principal, id, expected, d.fileName(), d.contentType(), d.size());
        return responses.json(HttpStatus.CREATED, DocumentCreated.of(upload));
    }

    @Get("/{id}/progress")
    HttpResponse<String> progress(Principal principal, @PathVariable String id) {
        return responses.ok(briefs.progress(principal, id));
    }
}
