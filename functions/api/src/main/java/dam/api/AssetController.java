package dam.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.asset.Asset;
import dam.core.asset.AssetPatch;
import dam.core.asset.AssetService;
import dam.core.asset.AssetStorage;
import dam.core.asset.AssetVersion;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.UploadTicket;
import dam.core.auth.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.util.List;

/**
 * Asset submission (issue 6). The bytes never pass through here: {@code POST /assets} and
 * {@code POST /assets/{id}/versions/uploads} create a version in state uploading and answer how to send the file
 * straight to storage (a presigned PUT with signed Content-Type and Content-Length, or a multipart plan completed with
 * {@code POST /assets/{id}/versions/{n}/uploads/complete}). Storage's object-created event starts the ingest.
 */
@Controller("/assets")
final class AssetController {

    private final AssetService assets;
    private final ApiJson json;
    private final Responses responses;
    private final UsageRecorder usage;

    AssetController(AssetService assets, ApiJson json, Responses responses, UsageRecorder usage) {
        this.assets = assets;
        this.json = json;
        this.responses = responses;
        this.usage = usage;
    }

    /** The new asset's fields plus the file about to be uploaded. */
    record NewAssetBody(String brand, String briefId, String campaign, String channel, String displayName,
                        String description, List<String> keywords, String fileName, String contentType, Long size) {
    }

    record NewUploadBody(String fileName, String contentType, Long size) {
    }

    record CompleteBody(List<PartBody> parts) {
    }

    record PartBody(Integer number, String etag) {
    }

    record AssetView(Asset asset, List<AssetVersion> versions) {
    }

    @Post
    HttpResponse<String> create(Principal principal, @Nullable @Body String body,
                                @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        ObjectNode node = json.object(body);
        NewAssetBody b = json.read(node, NewAssetBody.class, null);
        UploadTicket t = assets.createAsset(principal, new NewAsset(b.brand(), b.briefId(), b.campaign(), b.channel(),
                b.displayName(), b.description(), b.keywords()),
                new NewUpload(b.fileName(), b.contentType(), b.size(), idempotencyKey));
        return responses.json(t.created() ? HttpStatus.CREATED : HttpStatus.OK, t)
                .header("Location", "/assets/" + t.asset().id());
    }

    @Post("/{id}/versions/uploads")
    HttpResponse<String> upload(Principal principal, @PathVariable String id, @Nullable @Body String body,
                                @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        NewUploadBody b = json.read(json.object(body), NewUploadBody.class, null);
        UploadTicket t = assets.requestUpload(principal, id, new NewUpload(b.fileName(), b.contentType(), b.size(),
                idempotencyKey));
        return responses.json(t.created() || t.plan() != null ? HttpStatus.CREATED : HttpStatus.OK, t)
                .header("Location", "/assets/" + id + "/versions/" + t.version().number());
    }

    @Post("/{id}/versions/{n}/uploads/complete")
    HttpResponse<String> complete(Principal principal, @PathVariable String id, @PathVariable int n,
                                  @Nullable @Body String body) {
        CompleteBody b = json.read(json.object(body), CompleteBody.class, null);
        List<AssetStorage.CompletedPart> parts = b.parts() == null ? List.of() : b.parts().stream()
                .map(p -> new AssetStorage.CompletedPart(p.number() == null ? 0 : p.number(), p.etag())).toList();
        return responses.ok(assets.completeUpload(principal, id, n, parts));
    }

    @Get("/{id}")
    HttpResponse<String> get(Principal principal, @PathVariable String id) {
        AssetView view = new AssetView(assets.get(principal, id), assets.versions(principal, id));
        usage.used(principal, dam.core.analytics.UsageKind.VIEW, id);
        return responses.ok(view);
    }

    /**
     * User metadata: description, keywords (controlled vocabulary; unknown terms are a 400 naming the known ones),
     * dates and usage rights. Absent fields stay; {@code clear} lists fields to remove.
     */
    @Patch("/{id}")
    HttpResponse<String> patch(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        AssetPatch p = json.read(json.object(body), AssetPatch.class, null);
        return responses.ok(assets.updateMetadata(principal, id, p));
    }

    @Get("/{id}/versions/{n}")
    HttpResponse<String> version(Principal principal, @PathVariable String id, @PathVariable int n) {
        return responses.ok(assets.version(principal, id, n));
    }
}
