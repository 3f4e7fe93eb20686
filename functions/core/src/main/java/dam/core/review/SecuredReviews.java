package dam.core.review;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import dam.core.library.Action;
import dam.core.library.LibraryPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The review use cases on behalf of a signed-in {@link Principal} (the console and the HTTP API). Who may see an
 * asset's review, its annotations and its audit trail (deny by default): the people in the review (creator, owner,
 * every stage's reviewers and owners), the brief's team, and admins, brand managers and legal within their brand
 * scope. Anyone else gets exactly the answer a missing asset gets (404), so a review's existence does not leak. What
 * a visible caller may change is decided by {@link ReviewService} (participants annotate, only the creator answers)
 * and {@link ReviewDecisions} (only the slot's reviewer decides) — a 403 there.
 */
public final class SecuredReviews {

    private final ReviewService reviews;
    private final ReviewDecisions decisions;
    private final ReviewAudit audit;
    private final AssetRepository assets;
    private final BriefRepository briefs;

    public SecuredReviews(ReviewService reviews, ReviewDecisions decisions, ReviewAudit audit,
                          AssetRepository assets, BriefRepository briefs) {
        this.reviews = Objects.requireNonNull(reviews);
        this.decisions = Objects.requireNonNull(decisions);
        this.audit = Objects.requireNonNull(audit);
        this.assets = Objects.requireNonNull(assets);
        this.briefs = Objects.requireNonNull(briefs);
    }

    // ------------------------------------------------------------------ views (no task tokens, no link hashes)

    /** A review as its participants see it; {@code openPoints} = current-round points without the creator's answer. */
    public record ReviewView(String assetId, String briefId, String brand, String title, String creator, String owner,
                             String status, List<StageView> stages, List<RoundView> rounds, int openPoints,
                             Instant createdAt, Instant updatedAt, long revision) {
    }

    public record StageView(String name, String rule, List<String> reviewers, String owner, String due) {
    }

    public record RoundView(int number, int version, String contentSha256, Instant startedAt, String outcome,
                            Instant closedAt, List<StageRunView> stages) {
    }

    public record StageRunView(String name, String rule, String owner, Instant startedAt, Instant dueAt,
                               String outcome, Instant closedAt, List<ReviewerView> reviewers) {
    }

    /** {@code state}: waiting (for the decision), decided, or closed (the stage was settled without them). */
    public record ReviewerView(String reviewer, String state, String decision, String comment, Instant decidedAt,
                               boolean reminded, boolean escalated) {
    }

    /** Where an annotation is pinned, as a client sends it (see {@link Anchor}); absent = a general comment. */
    public record AnchorInput(String kind, Double x, Double y, Double w, Double h, Integer page, Double start,
                              Double end) {
    }

    // ------------------------------------------------------------------ use cases

    public ReviewView review(Principal p, String assetId) {
        visible(p, assetId);
        return view(existing(assetId));
    }

    /** The annotations on one version (every version when {@code version} is null), oldest first. */
    public List<Annotation> annotations(Principal p, String assetId, Integer version) {
        visible(p, assetId);
        return reviews.annotations(assetId).stream().filter(a -> version == null || a.version() == version).toList();
    }

    public Annotation annotate(Principal p, String assetId, int version, AnchorInput anchor, String body) {
        visible(p, assetId);
        List<FieldError> errors = new ArrayList<>();
        Anchor a = anchor(anchor, errors);
        if (body == null || body.isBlank()) {
            errors.add(new FieldError("body", Codes.REQUIRED, "body is required"));
        } else if (body.strip().length() > ReviewService.BODY_MAX) {
            errors.add(new FieldError("body", Codes.TOO_LONG, "at most " + ReviewService.BODY_MAX + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return reviews.annotate(p.userId(), assetId, version, a, body);
    }

    public Annotation reply(Principal p, String assetId, String annotationId, String body) {
        visible(p, assetId);
        return reviews.reply(p.userId(), assetId, annotationId, body);
    }

    public Annotation resolve(Principal p, String assetId, String annotationId, boolean resolved) {
        visible(p, assetId);
        return reviews.resolve(p.userId(), assetId, annotationId, resolved);
    }

    /** The creator's answer to a point: {@code accept}, or {@code object} with a reason. */
    public Annotation answer(Principal p, String assetId, String annotationId, String answer, String reason) {
        visible(p, assetId);
        return reviews.answer(p.userId(), assetId, annotationId, answer, reason);
    }

    /**
     * The signed-in reviewer decides their own waiting link of the running stage — the same single, audited decision
     * as the mailed link ({@link ReviewDecisions}, recorded {@code via=console}).
     *
     * @param version the version the reviewer looked at (null = the one under review); an older one is refused
     */
    public ReviewDecisions.Decided decide(Principal p, String assetId, Integer version, String decision,
                                          String comment) {
        visible(p, assetId);
        existing(assetId);
        // Being named in a stage is not enough: approving needs a role the library's matrix grants it to.
        if (p.roles().stream().noneMatch(r -> LibraryPolicy.GRANTS.get(r).contains(Action.APPROVE))) {
            throw new ForbiddenException("approve needs one of the roles admin, brand-manager, legal, reviewer; "
                    + "you have " + p.roles().stream().map(Role::code).toList());
        }
        return decisions.decide(p.userId(), assetId, version, decision, comment, "console");
    }

    /** Both audit chains of the asset (ingest/versions and review), for JSON or CSV export. */
    public List<ReviewAudit.Row> audit(Principal p, String assetId) {
        visible(p, assetId);
        return audit.export(assetId);
    }

    public ReviewAudit.Verification verify(Principal p, String assetId) {
        visible(p, assetId);
        return audit.verify(assetId);
    }

    /**
     * The asset if the caller may see its review (and compare its versions); otherwise 404 as for a missing asset.
     */
    public Asset visible(Principal p, String assetId) {
        Asset asset = assets.find(assetId).orElseThrow(SecuredReviews::notFound);
        if (mayRead(p, asset, reviews.find(assetId))) {
            return asset;
        }
        throw notFound();
    }

    boolean mayRead(Principal p, Asset asset, Optional<Review> review) {
        String user = p.userId();
        if (user.equalsIgnoreCase(asset.createdBy()) || review.map(r -> r.participant(user)).orElse(false)) {
            return true;
        }
        if (p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL) && p.inBrandScope(asset.brand())) {
            return true;
        }
        Optional<Brief> brief = asset.briefId() == null ? Optional.empty() : briefs.find(asset.briefId());
        return brief.map(b -> b.isTeamMember(user)).orElse(false);
    }

    private Review existing(String assetId) {
        return reviews.find(assetId).orElseThrow(() -> new NotFoundException("review", "asset " + assetId
                + " is not under review (its review starts when a version of a brief's asset is ready)"));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("assetId", "asset not found");
    }

    static Anchor anchor(AnchorInput in, List<FieldError> errors) {
        if (in == null) {
            return Anchor.NONE;
        }
        try {
            return new Anchor(in.kind(), in.x(), in.y(), in.w(), in.h(), in.page(), in.start(), in.end());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("anchor", in.kind() == null ? Codes.REQUIRED : Codes.INVALID, e.getMessage()));
            return null;
        }
    }

    private ReviewView view(Review r) {
        List<StageView> stages = r.stages().stream().map(s -> new StageView(s.name(), s.rule().code(), s.reviewers(),
                s.owner(), s.due().toString())).toList();
        List<RoundView> rounds = r.rounds().stream().map(rd -> new RoundView(rd.number(), rd.version(),
                rd.contentSha256(), rd.startedAt(), rd.outcome().code(), rd.closedAt(), rd.stages().stream()
                .map(st -> new StageRunView(st.name(), st.rule().code(), st.owner(), st.startedAt(), st.dueAt(),
                        st.outcome().code(), st.closedAt(), st.slots().stream().map(SecuredReviews::reviewer)
                        .toList())).toList())).toList();
        return new ReviewView(r.assetId(), r.briefId(), r.brand(), r.title(), r.creator(), r.owner(),
                r.status().code(), stages, rounds, reviews.unanswered(r), r.createdAt(), r.updatedAt(), r.revision());
    }

    private static ReviewerView reviewer(Slot s) {
        String state = s.decision() != null ? "decided" : s.closed() ? "closed" : "waiting";
        return new ReviewerView(s.reviewer(), state, s.decision(), s.comment(), s.decidedAt(), s.reminded(),
                s.escalated());
    }
}
