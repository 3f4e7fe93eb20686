package dam.api;

import dam.core.approval.PendingApprovals;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.auth.SecuredBriefs;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.List;
import java.util.Set;

/**
 * The caller: who the API thinks they are (for the console), their open milestones across briefs and the approval
 * requests waiting for their decision.
 */
@Controller("/me")
final class MeController {

    private final SecuredBriefs briefs;
    private final PendingApprovals pending;
    private final Responses responses;

    MeController(SecuredBriefs briefs, PendingApprovals pending, Responses responses) {
        this.briefs = briefs;
        this.pending = pending;
        this.responses = responses;
    }

    record Me(String userId, String email, List<String> roles, Set<String> brands) {
    }

    record TaskList(List<SecuredBriefs.Task> items) {
    }

    @Get
    HttpResponse<String> me(Principal principal) {
        return responses.ok(new Me(principal.userId(), principal.email(),
                principal.roles().stream().map(Role::code).toList(), principal.brands()));
    }

    record ReviewList(List<PendingApprovals.Pending> items) {
    }

    @Get("/reviews")
    HttpResponse<String> reviews(Principal principal) {
        return responses.ok(new ReviewList(pending.of(principal)));
    }

    @Get("/tasks")
    HttpResponse<String> tasks(Principal principal) {
        return responses.ok(new TaskList(briefs.tasks(principal)));
    }
}
