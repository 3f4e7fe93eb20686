package dam.api;

import dam.core.collection.CollectionService;
import dam.core.collection.CollectionService.NewCollection;
import dam.core.auth.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

/**
 * Static collections and folders: {@code POST /collections} {@code {name, brand?, kind?: collection|folder,
 * parentId?}}, {@code POST /collections/{id}/items} {@code {assetId}}, {@code GET /collections/{id}} (a collection
 * with its items, a folder with its children).
 */
@Controller("/collections")
final class CollectionController {

    private final CollectionService collections;
    private final ApiJson json;
    private final Responses responses;

    CollectionController(CollectionService collections, ApiJson json, Responses responses) {
        this.collections = collections;
        this.json = json;
        this.responses = responses;
    }

    record ItemBody(String assetId) {
    }

    @Post
    HttpResponse<String> create(Principal principal, @Nullable @Body String body) {
        NewCollection fields = json.read(json.object(body), NewCollection.class, null);
        var c = collections.create(principal, fields);
        return responses.json(HttpStatus.CREATED, c).header("Location", "/collections/" + c.id());
    }

    @Post("/{id}/items")
    HttpResponse<String> add(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ItemBody b = json.read(json.object(body), ItemBody.class, null);
        return responses.ok(collections.addItem(principal, id, b.assetId()));
    }

    @Get("/{id}")
    HttpResponse<String> get(Principal principal, @PathVariable String id) {
        return responses.ok(collections.get(principal, id));
    }
}
