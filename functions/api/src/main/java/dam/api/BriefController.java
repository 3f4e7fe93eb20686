package dam.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.auth.SecuredBriefs;
import dam.core.brief.Brand;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefResult;
import dam.core.brief.BriefStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Briefs over HTTP (issue 5). Thin: parse and check the JSON shape, call {@link SecuredBriefs} as the caller, map the
 * result. Every change carries {@code expectedVersion} (the version the client read); a stale one is a 409.
 */
@Controller("/briefs")
final class BriefController {

    static final int DEFAULT_LIMIT = 25;

    private final SecuredBriefs briefs;
    private final ApiJson json;
    private final Responses responses;

    BriefController(SecuredBriefs briefs, ApiJson json, Responses responses) {
        this.briefs = briefs;
        this.json = json;
        this.responses = responses;
    }

    /** A row of a brief list: enough to show and open it. */
    record BriefSummary(String id, long version, BriefStatus status, String title, Brand brand, String requester,
                        LocalDate dueDate, boolean legalApprovalRequired, Instant updatedAt) {
        static BriefSummary of(Brief b) {
            return new BriefSummary(b.id(), b.version(), b.status(), b.title(), b.brand(), b.requester(),
                    b.dueDate(), b.legalApprovalRequired(), b.updatedAt());
        }
    }

    record BriefList(List<BriefSummary> items, String nextCursor) {
    }

    record MilestoneChange(String name, String owner, String dueDate, Boolean done) {
    }

    @Post
    HttpResponse<String> create(Principal principal, @Nullable @Body String body,
                                @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        ObjectNode node = json.object(body);
        if (!node.hasNonNull("requester")) {
            node.put("requester", principal.userId()); // by default the caller asks for the work
        }
        BriefResult result = briefs.create(principal, idempotencyKey, json.read(node, BriefInput.class, null));
        Brief brief = result.brief();
        // A replayed Idempotency-Key answers 200 with the brief created the first time.
        return responses.json(result.applied() ? HttpStatus.CREATED : HttpStatus.OK, brief)
                .header("Location", "/briefs/" + brief.id());
    }

    @Get
    HttpResponse<String> list(Principal principal, @Nullable @QueryValue String status,
                              @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        SecuredBriefs.BriefPage page = briefs.list(principal, status, parseLimit(limit), cursor);
        return responses.ok(new BriefList(page.items().stream().map(BriefSummary::of).toList(), page.nextCursor()));
    }

    @Get("/{id}")
    HttpResponse<String> get(Principal principal, @PathVariable String id) {
        return responses.ok(briefs.get(principal, id));
    }

    @Patch("/{id}")
    HttpResponse<String> update(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        return responses.ok(briefs.update(principal, id, expected, json.read(node, BriefInput.class, null)).brief());
    }

    @Post("/{id}/submit")
    HttpResponse<String> submit(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        json.read(node, NoFields.class, null);
        return responses.ok(briefs.submit(principal, id, expected).brief());
    }

    @Post("/{id}/milestones")
    HttpResponse<String> addMilestone(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        MilestoneChange m = json.read(node, MilestoneChange.class, null);
        if (m.done() != null) {
            throw new ValidationException(new FieldError("done", Codes.INVALID, "a new milestone is not done yet"));
        }
        return responses.json(HttpStatus.CREATED,
                briefs.addMilestone(principal, id, expected, m.name(), m.owner(), m.dueDate()).brief());
    }

    @Patch("/{id}/milestones/{milestoneId}")
    HttpResponse<String> changeMilestone(Principal principal, @PathVariable String id,
                                         @PathVariable String milestoneId, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        MilestoneChange m = json.read(node, MilestoneChange.class, null);
        return responses.ok(briefs.changeMilestone(principal, id, expected, milestoneId, m.name(), m.owner(),
                m.dueDate(), m.done()).brief());
    }

    /** DELETE has no body: the version comes as {@code ?expectedVersion=}. */
    @Delete("/{id}/milestones/{milestoneId}")
    HttpResponse<String> removeMilestone(Principal principal, @PathVariable String id,
                                         @PathVariable String milestoneId,
                                         @Nullable @QueryValue String expectedVersion) {
        return responses.ok(briefs.removeMilestone(principal, id, parseVersion(expectedVersion), milestoneId)
                .brief());
    }

    @Put("/{id}/budget")
    HttpResponse<String> setBudget(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        BriefInput.BudgetInput budget = json.read(node, BriefInput.BudgetInput.class, "budget");
        return responses.ok(briefs.setBudget(principal, id, expected, budget).brief());
    }

    @Post("/{id}/members")
    HttpResponse<String> addMember(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        ObjectNode node = json.object(body);
        long expected = json.takeExpectedVersion(node);
        BriefInput.MemberInput member = json.read(node, BriefInput.MemberInput.class, null);
        return responses.ok(briefs.addMember(principal, id, expected, member).brief());
    }

    /** A body that must carry nothing but {@code expectedVersion}. */
    record NoFields() {
    }

    static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(new FieldError("limit", Codes.INVALID, "limit must be an integer 1.."
                    + SecuredBriefs.LIST_MAX));
        }
    }

    static long parseVersion(String version) {
        if (version == null) {
            throw new ValidationException(new FieldError("expectedVersion", Codes.REQUIRED,
                    "expectedVersion (the version you read) is required"));
        }
        try {
            long v = Long.parseLong(version.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, like a non-positive number
        }
        throw new ValidationException(new FieldError("expectedVersion", Codes.INVALID,
                "expectedVersion must be a positive integer"));
    }
}
