package dam.api;

import dam.core.auth.Principal;
import dam.core.lifecycle.ExpiryCheck;
import dam.core.lifecycle.UsageTermInput;
import dam.core.lifecycle.UsageTermService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;

/**
 * Talent releases ({@code /assets/{id}/talent/{releaseId}}) and offers ({@code /assets/{id}/offers/{offerId}}): their
 * end dates expire the asset like a rights record's (issue 9).
 */
@Controller
final class UsageTermController {

    private final UsageTermService terms;
    private final ApiJson json;
    private final Responses responses;

    UsageTermController(UsageTermService terms, ApiJson json, Responses responses) {
        this.terms = terms;
        this.json = json;
        this.responses = responses;
    }

    @Get("/assets/{id}/talent")
    HttpResponse<String> talent(Principal principal, @PathVariable String id) {
        return responses.ok(terms.list(principal, ExpiryCheck.TALENT, id));
    }

    @Put("/assets/{id}/talent/{termId}")
    HttpResponse<String> putTalent(Principal principal, @PathVariable String id, @PathVariable String termId,
                                   @Nullable @Body String body) {
        return put(principal, ExpiryCheck.TALENT, id, termId, body);
    }

    @Delete("/assets/{id}/talent/{termId}")
    HttpResponse<String> deleteTalent(Principal principal, @PathVariable String id, @PathVariable String termId) {
        terms.delete(principal, ExpiryCheck.TALENT, id, termId);
        return responses.ok(terms.list(principal, ExpiryCheck.TALENT, id));
    }

    @Get("/assets/{id}/offers")
    HttpResponse<String> offers(Principal principal, @PathVariable String id) {
        return responses.ok(terms.list(principal, ExpiryCheck.OFFER, id));
    }

    @Put("/assets/{id}/offers/{termId}")
    HttpResponse<String> putOffer(Principal principal, @PathVariable String id, @PathVariable String termId,
                                  @Nullable @Body String body) {
        return put(principal, ExpiryCheck.OFFER, id, termId, body);
    }

    @Delete("/assets/{id}/offers/{termId}")
    HttpResponse<String> deleteOffer(Principal principal, @PathVariable String id, @PathVariable String termId) {
        terms.delete(principal, ExpiryCheck.OFFER, id, termId);
        return responses.ok(terms.list(principal, ExpiryCheck.OFFER, id));
    }

    private HttpResponse<String> put(Principal principal, String kind, String id, String termId, String body) {
        UsageTermInput in = json.read(json.object(body), UsageTermInput.class, null);
        return responses.ok(terms.put(principal, kind, id, termId, in));
    }
}
