package dam.api;

import dam.core.auth.Principal;
import dam.core.library.share.ShareInput;
import dam.core.library.share.ShareService;
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

import java.util.List;

/**
 * Managing share links (brand managers and admins): {@code POST /assets/{id}/shares} and
 * {@code POST /collections/{id}/shares} {@code {expiresAt, maxDownloads, password?, presets[]}} → 201 with the
 * link's {@code url}; {@code GET /shares?assetId=|collectionId=}; {@code DELETE /shares/{id}} revokes.
 */
@Controller
final class ShareController {

    private final ShareService shares;
    private final ApiJson json;
    private final Responses responses;

    ShareController(ShareService shares, ApiJson json, Responses responses) {
        this.shares = shares;
        this.json = json;
        this.responses = responses;
    }

    record Items(List<ShareService.ShareView> items) {
    }

    @Post("/assets/{id}/shares")
    HttpResponse<String> shareAsset(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ShareInput in = json.read(json.object(body), ShareInput.class, null);
        return responses.json(HttpStatus.CREATED, shares.createForAsset(principal, id, in));
    }

    @Post("/collections/{id}/shares")
    HttpResponse<String> shareCollection(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ShareInput in = json.read(json.object(body), ShareInput.class, null);
        return responses.json(HttpStatus.CREATED, shares.createForCollection(principal, id, in));
    }

    @Get("/shares")
    HttpResponse<String> list(Principal principal, @Nullable @QueryValue String assetId,
                              @Nullable @QueryValue String collectionId) {
        if ((assetId == null) == (collectionId == null)) {
            throw new dam.core.ValidationException(new dam.core.FieldError("assetId", dam.core.FieldError.Codes
                    .REQUIRED, "ask for the links of one assetId or one collectionId"));
        }
        return responses.ok(new Items(assetId != null ? shares.listForAsset(principal, assetId)
                : shares.listForCollection(principal, collectionId)));
    }

    @Delete("/shares/{id}")
    HttpResponse<String> revoke(Principal principal, @PathVariable String id) {
        return responses.ok(shares.revoke(principal, id));
    }
}
