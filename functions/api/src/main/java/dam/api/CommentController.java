package dam.api;

import dam.core.auth.Principal;
import dam.core.auth.SecuredBriefs;
import dam.core.brief.Comment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.util.List;

/** Comments on a brief: the list holds only what the caller may read (no counts or hints of the rest). */
@Controller("/briefs/{id}/comments")
final class CommentController {

    private final SecuredBriefs briefs;
    private final ApiJson json;
    private final Responses responses;

    CommentController(SecuredBriefs briefs, ApiJson json, Responses responses) {
        this.briefs = briefs;
        this.json = json;
        this.responses = responses;
    }

    record NewComment(String body, String visibility, List<String> namedReaders) {
    }

    record CommentList(List<Comment> items) {
    }

    @Get
    HttpResponse<String> list(Principal principal, @PathVariable String id) {
        return responses.ok(new CommentList(briefs.comments(principal, id)));
    }

    @Post
    HttpResponse<String> add(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        NewComment c = json.read(json.object(body), NewComment.class, null);
        return responses.json(HttpStatus.CREATED,
                briefs.comment(principal, id, c.body(), c.visibility(), c.namedReaders()));
    }
}
