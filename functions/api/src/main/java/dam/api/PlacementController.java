package dam.api;

import dam.core.auth.Principal;
import dam.core.launch.Placement;
import dam.core.launch.PlacementInput;
import dam.core.launch.PlacementService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

import java.util.List;

/**
 * Launch (issue 9): {@code POST /assets/{id}/placements {channel, targetId?, url?}} publishes the approved version to a
 * channel target (201; 200 with the existing placement when that target was placed before), {@code GET} lists them;
 * {@code PUT /webhook-targets/{id} {url, secret, timeoutSeconds?}} registers a webhook channel target (admins; the
 * secret is never returned); {@code GET/PUT /placement-policies/{brand} {ageDays, action}} reads/sets the brand's re-approval
 * policy (always-on content).
 */
@Controller
final class PlacementController {

    private final PlacementService placements;
    private final ApiJson json;
    private final Responses responses;

    PlacementController(PlacementService placements, ApiJson json, Responses responses) {
        this.placements = placements;
        this.json = json;
        this.responses = responses;
    }

    record PlacementList(String assetId, List<Placement> items) {
    }

    record TargetBody(String url, String secret, Integer timeoutSeconds) {
    }

    record TargetView(String id, String url, int timeoutSeconds) {
    }

    @Post("/assets/{id}/placements")
    HttpResponse<String> place(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        PlacementInput in = json.read(json.object(body), PlacementInput.class, null);
        PlacementService.Placed p = placements.place(principal, id, in);
        return responses.json(p.created() ? HttpStatus.CREATED : HttpStatus.OK, p.placement());
    }

    @Get("/assets/{id}/placements")
    HttpResponse<String> list(Principal principal, @PathVariable String id) {
        return responses.ok(new PlacementList(id, placements.list(principal, id)));
    }

    record PolicyBody(Integer ageDays, String action) {
    }

    /** A brand's re-approval policy (the defaults when none is stored): any signed-in user of the brand reads it. */
    @Get("/placement-policies/{brand}")
    HttpResponse<String> policy(Principal principal, @PathVariable String brand) {
        if (!principal.inBrandScope(brand) || principal.roles().isEmpty()) {
            throw new dam.core.NotFoundException("brand", "no brand '" + brand + "'");
        }
        return responses.ok(placements.reapprovalPolicy(brand));
    }

    /** {@code PUT /placement-policies/{brand} {ageDays, action: review|retire}}: admins and the brand's managers. */
    @Put("/placement-policies/{brand}")
    HttpResponse<String> savePolicy(Principal principal, @PathVariable String brand, @Nullable @Body String body) {
        PolicyBody b = json.read(json.object(body), PolicyBody.class, null);
        return responses.ok(placements.saveReapprovalPolicy(principal, brand, b.ageDays(), b.action()));
    }

    @Put("/webhook-targets/{id}")
    HttpResponse<String> saveTarget(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        TargetBody b = json.read(json.object(body), TargetBody.class, null);
        var t = placements.saveWebhookTarget(principal, id, b.url(), b.secret(), b.timeoutSeconds());
        return responses.ok(new TargetView(t.id(), t.url(), t.timeoutSeconds()));
    }
}
