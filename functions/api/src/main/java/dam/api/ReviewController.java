package dam.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.review.Annotation;
import dam.core.review.ReviewAudit;
import dam.core.review.SecuredReviews;
import dam.core.review.SecuredReviews.AnchorInput;
import dam.core.review.VersionCompare;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.time.Instant;
import java.util.List;

/**
 * Asset reviews (issue 7) for signed-in users: the review's rounds and stages, the console decision, annotations and
 * their threads, the creator's answers, version compare, and the audit trail (JSON/CSV) with its verification. Who may
 * see and do what is decided in core ({@link SecuredReviews}): an asset whose review the caller may not see is a 404.
 */
@Controller("/assets")
final class ReviewController {

    private final SecuredReviews reviews;
    private final VersionCompare compare;
    private final ApiJson json;
    private final Responses responses;

    ReviewController(SecuredReviews reviews, VersionCompare compare, ApiJson json, Responses responses) {
        this.reviews = reviews;
        this.compare = compare;
        this.json = json;
        this.responses = responses;
    }

    /** {@code version}: the version the reviewer looked at (optional; an older one is refused as superseded). */
    record DecisionBody(String decision, String comment, Integer version) {
    }

    record AnnotationBody(AnchorInput anchor, String body) {
    }

    record ReplyBody(String body) {
    }

    record AnswerBody(String answer, String reason) {
    }

    record AnnotationList(List<Annotation> items) {
    }

    /** One audit entry with the chain it belongs to ({@code asset} or {@code review}). */
    record AuditItem(String chain, long seq, Instant at, String actor, String action, String detail, String prevHash,
                     String hash) {
    }

    record AuditList(List<AuditItem> items) {
    }

    record Broken(String chain, long seq, String reason) {
    }

    /** {@code firstBroken}: the first entry (of either chain) whose hash or link does not verify, else null. */
    record VerifyBody(boolean ok, int entries, @JsonInclude(JsonInclude.Include.ALWAYS) Broken firstBroken,
                      List<ReviewAudit.ChainCheck> chains) {
    }

    @Get("/{id}/review")
    HttpResponse<String> review(Principal principal, @PathVariable String id) {
        return responses.ok(reviews.review(principal, id));
    }

    @Post("/{id}/review/decision")
    HttpResponse<String> decide(Principal principal, @PathVariable String id, @Nullable @Body String body) {
        DecisionBody b = json.read(json.object(body), DecisionBody.class, null);
        if (b.decision() == null || b.decision().isBlank()) {
            throw new ValidationException(new FieldError("decision", Codes.REQUIRED,
                    "decision is required: approve, changes or reject"));
        }
        return responses.ok(reviews.decide(principal, id, b.version(), b.decision(), b.comment()));
    }

    @Get("/{id}/versions/{n}/annotations")
    HttpResponse<String> annotations(Principal principal, @PathVariable String id, @PathVariable int n) {
        return responses.ok(new AnnotationList(reviews.annotations(principal, id, n)));
    }

    @Post("/{id}/versions/{n}/annotations")
    HttpResponse<String> annotate(Principal principal, @PathVariable String id, @PathVariable int n,
                                  @Nullable @Body String body) {
        AnnotationBody b = json.read(json.object(body), AnnotationBody.class, null);
        return responses.json(HttpStatus.CREATED, reviews.annotate(principal, id, n, b.anchor(), b.body()));
    }

    @Post("/{id}/annotations/{aid}/replies")
    HttpResponse<String> reply(Principal principal, @PathVariable String id, @PathVariable String aid,
                               @Nullable @Body String body) {
        ReplyBody b = json.read(json.object(body), ReplyBody.class, null);
        return responses.json(HttpStatus.CREATED, reviews.reply(principal, id, aid, b.body()));
    }

    @Post("/{id}/annotations/{aid}/resolve")
    HttpResponse<String> resolve(Principal principal, @PathVariable String id, @PathVariable String aid) {
        return responses.ok(reviews.resolve(principal, id, aid, true));
    }

    @Post("/{id}/annotations/{aid}/reopen")
    HttpResponse<String> reopen(Principal principal, @PathVariable String id, @PathVariable String aid) {
        return responses.ok(reviews.resolve(principal, id, aid, false));
    }

    @Post("/{id}/annotations/{aid}/answer")
    HttpResponse<String> answer(Principal principal, @PathVariable String id, @PathVariable String aid,
                                @Nullable @Body String body) {
        AnswerBody b = json.read(json.object(body), AnswerBody.class, null);
        return responses.ok(reviews.answer(principal, id, aid, b.answer(), b.reason()));
    }

    /** The version's best image rendition as a short-lived URL (console previews; null rendition when none yet). */
    @Get("/{id}/versions/{n}/preview")
    HttpResponse<String> preview(Principal principal, @PathVariable String id, @PathVariable String n) {
        List<FieldError> errors = new java.util.ArrayList<>();
        Integer v = number("version", n, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return responses.ok(compare.preview(principal, id, v));
    }

    @Get("/{id}/compare")
    HttpResponse<String> compare(Principal principal, @PathVariable String id, @Nullable @QueryValue String from,
                                 @Nullable @QueryValue String to) {
        List<FieldError> errors = new java.util.ArrayList<>();
        Integer f = number("from", from, errors);
        Integer t = number("to", to, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return responses.ok(compare.compare(principal, id, f, t));
    }

    @Get("/{id}/audit")
    HttpResponse<String> audit(Principal principal, @PathVariable String id, @Nullable @QueryValue String format) {
        String f = format == null || format.isBlank() ? "json" : format.trim();
        if (!f.equals("json") && !f.equals("csv")) {
            throw new ValidationException(new FieldError("format", Codes.UNKNOWN_VALUE, "format is json or csv"));
        }
        List<ReviewAudit.Row> rows = reviews.audit(principal, id);
        if (f.equals("csv")) {
            return HttpResponse.<String>ok(ReviewAudit.csv(rows))
                    .contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"audit-" + id.replaceAll("[^A-Za-z0-9_-]",
                            "_") + ".csv\"");
        }
        return responses.ok(new AuditList(rows.stream().map(r -> item(r.chain(), r.entry())).toList()));
    }

    @Get("/{id}/audit/verify")
    HttpResponse<String> verify(Principal principal, @PathVariable String id) {
        ReviewAudit.Verification v = reviews.verify(principal, id);
        Broken broken = v.chains().stream().filter(c -> !c.intact()).findFirst()
                .map(c -> new Broken(c.chain(), c.firstBrokenSeq(), c.problem())).orElse(null);
        int entries = v.chains().stream().mapToInt(ReviewAudit.ChainCheck::entries).sum();
        return responses.ok(new VerifyBody(v.intact(), entries, broken, v.chains()));
    }

    private static AuditItem item(String chain, AuditEntry e) {
        return new AuditItem(chain, e.seq(), e.at(), e.actor(), e.action(), e.detail(), e.prevHash(), e.hash());
    }

    private static Integer number(String field, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, Codes.REQUIRED, field + " (a version number) is required"));
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be a version number, got '" + raw + "'"));
            return null;
        }
    }
}
