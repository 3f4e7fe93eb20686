package dam.api;

import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.auth.SecuredBriefs;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.List;
import java.util.Set;

/** The caller: who the API thinks they are (for the console) and their open tasks across briefs. */
@Controller("/me")
final class MeController {

    private final SecuredBriefs briefs;
    private final Responses responses;

    MeController(SecuredBriefs briefs, Responses responses) {
        this.briefs = briefs;
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

    @Get("/tasks")
    HttpResponse<String> tasks(Principal principal) {
        return responses.ok(new TaskList(briefs.tasks(principal)));
    }
}
