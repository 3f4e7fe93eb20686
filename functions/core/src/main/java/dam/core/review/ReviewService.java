package dam.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.approval.ApprovalLink;
import dam.core.approval.ApprovalLinkRepository;
import dam.core.approval.TaskCallbacks;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.json.Json;
import dam.core.notify.Mailer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asset review rounds (issue 7) — the steps of statemachines/asset-review.asl.json plus the feedback the people in a
 * review give. Every change is one atomic write of the review (or an annotation) with its entry in the asset's review
 * audit chain; concurrent writers re-read and re-apply. Decisions themselves go through the approval links
 * ({@link dam.core.approval.ApprovalLinkService}) whichever way they arrive; {@link #recordDecision} is told of each.
 */
public final class ReviewService {

    static final int MAX_ATTEMPTS = 50;
    public static final int BODY_MAX = 2000;
    public static final int REASON_MAX = 1000;
    private static final System.Logger LOG = System.getLogger(ReviewService.class.getName());

    private final ReviewRepository reviews;
    private final ApprovalLinkRepository links;
    private final AssetRepository assets;
    private final BriefRepository briefs;
    private final TaskCallbacks callbacks;
    private final EventPublisher events;
    private final Mailer mailer;
    private final ReviewTimers timers;
    private final ReviewSettings settings;
    private final Clock clock;
    private final Supplier<String> ids;
    private final ObjectMapper json = Json.mapper();

    public ReviewService(ReviewRepository reviews, ApprovalLinkRepository links, AssetRepository assets,
                         BriefRepository briefs, TaskCallbacks callbacks, EventPublisher events, Mailer mailer,
                         ReviewTimers timers, ReviewSettings settings, Clock clock, Supplier<String> ids) {
        this.reviews = Objects.requireNonNull(reviews);
        this.links = Objects.requireNonNull(links);
        this.assets = Objects.requireNonNull(assets);
        this.briefs = Objects.requireNonNull(briefs);
        this.callbacks = Objects.requireNonNull(callbacks);
        this.events = Objects.requireNonNull(events);
        this.mailer = Objects.requireNonNull(mailer);
        this.timers = Objects.requireNonNull(timers);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    public Optional<Review> find(String assetId) {
        return reviews.find(assetId);
    }

    public List<Annotation> annotations(String assetId) {
        return reviews.annotations(assetId);
    }

    // ------------------------------------------------------------------ workflow steps

    /** What {@link #open} did: started round 1, resumed a waiting review with round n, or nothing (and why). */
    public record Opened(String action, int round, String reason) {
        public static final String STARTED = "started";
        public static final String RESUMED = "resumed";
        public static final String WAITING = "waiting";
        public static final String DUPLICATE = "duplicate";
        public static final String NONE = "none";
    }

    /**
     * A version became ready (Asset Version Ingested): starts the asset's review from its brief (or from
     * {@code explicitStages}), or — when the review waits for the creator's next version — starts the next round once
     * every point of the last round is answered. The same event twice changes nothing.
     */
    public Opened open(String assetId, int version, List<StageSpec> explicitStages) {
        AssetVersion v = readyVersion(assetId, version);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Review> existing = reviews.find(assetId);
            if (existing.isPresent()) {
                return openExisting(existing.get(), v);
            }
            Asset asset = assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no asset "
                    + assetId));
            List<StageSpec> stages = explicitStages;
            Brief brief = asset.briefId() == null ? null : briefs.find(asset.briefId()).orElse(null);
            if (stages == null) {
                if (brief == null) {
                    return new Opened(Opened.NONE, 0, "the asset belongs to no brief");
                }
                stages = new ReviewSetup(settings).fromBrief(brief);
            }
            if (stages.isEmpty()) {
                return new Opened(Opened.NONE, 0, "the brief names no reviewers");
            }
            Instant now = clock.instant();
            String owner = brief != null ? brief.requester() : stages.get(0).owner();
            Review created = new Review(assetId, asset.briefId(), asset.brand(), asset.displayName(),
                    v.submitter() == null ? asset.createdBy() : v.submitter(), owner, ReviewStatus.IN_REVIEW, stages,
                    List.of(new Round(1, v.number(), v.sha256(), now, List.of(), Outcome.PENDING, null)), null, now,
                    now, 0);
            String detail = "round=1 v" + v.number() + " sha256=" + v.sha256() + " stages=" + describe(stages);
            if (store(created, "workflow", "review.started", detail) == ReviewRepository.Write.DONE) {
                return new Opened(Opened.STARTED, 1, null);
            }
            // Created concurrently (the same event delivered twice): the next pass sees it.
        }
        throw new IllegalStateException("review of " + assetId + " could not be created");
    }

    private Opened openExisting(Review r, AssetVersion v) {
        if (r.roundOfVersion(v.number()).isPresent()) {
            return new Opened(Opened.DUPLICATE, r.roundOfVersion(v.number()).get().number(), null);
        }
        if (r.status() != ReviewStatus.CHANGES_REQUESTED || v.number() < r.currentRound().version()) {
            return new Opened(Opened.NONE, 0, "review is " + r.status().code() + "; version " + v.number()
                    + " starts no round");
        }
        Review after = tryResume(r.assetId());
        Round last = after.currentRound();
        if (last.version() == v.number()) {
            return new Opened(Opened.RESUMED, last.number(), null);
        }
        int open = unanswered(after);
        return new Opened(Opened.WAITING, last.number(), open > 0 ? open + " point(s) of round " + last.number()
                + " still need the creator's answer" : "the workflow is not waiting yet");
    }

    /**
     * Always-on content (issue 9): a re-approval round for the version an approved review last approved, because a
     * placement of it reached its brand's age. Runs like any round (the same stages and reviewers; approved keeps the
     * asset approved, changes wait for a new version, reject withdraws it). Started once: while the review is not
     * approved (a round running — e.g. this one, asked for twice) nothing starts.
     */
    public Opened reopen(String assetId, int version, String reason) {
        AssetVersion v = readyVersion(assetId, version);
        int[] started = {0};
        Review r = mutate(assetId, "workflow", "review.reapproval.started", current -> {
            Round last = current.currentRound();
            if (current.status() != ReviewStatus.APPROVED || last.outcome() != Outcome.APPROVED
                    || last.version() != v.number()) {
                return null;
            }
            Round next = new Round(last.number() + 1, v.number(), v.sha256(), clock.instant(), List.of(),
                    Outcome.PENDING, null);
            started[0] = next.number();
            return new Change(current.withRound(next).with(ReviewStatus.IN_REVIEW, current.resumeToken()),
                    "round=" + next.number() + " v" + v.number() + " re-approval: " + reason);
        });
        if (started[0] != 0) {
            return new Opened(Opened.STARTED, started[0], null);
        }
        return new Opened(Opened.NONE, 0, "review is " + r.status().code() + " (round " + r.currentRound().number()
                + " of v" + r.currentRound().version() + "): no re-approval of v" + v.number() + " starts");
    }

    /** The stage a round runs next (started now, or the one already running), or the round's outcome when done. */
    public record Plan(boolean done, Outcome outcome, String assetId, int round, int version, String contentSha256,
                       StageRun stage, Instant linkExpiresAt, long timeoutSeconds, long heartbeatSeconds) {
    }

    public Plan planStage(String assetId, int round) {
        Review r = mutate(assetId, "workflow", "review.stage.started", current -> {
            Round rd = round(current, round);
            if (rd.outcome() != Outcome.PENDING) {
                return null;
            }
            for (StageSpec spec : current.stages()) {
                Optional<StageRun> run = rd.stage(spec.name());
                if (run.isEmpty()) {
                    Instant now = clock.instant();
                    StageRun started = new StageRun(spec.name(), spec.rule(), spec.owner(), now, now.plus(spec.due()),
                            spec.reviewers().stream().map(Slot::open).toList(), Outcome.PENDING, null);
                    return new Change(current.withRound(rd.withStage(started)), "round=" + round + " stage="
                            + spec.name() + " rule=" + spec.rule().code() + " reviewers=" + spec.reviewers()
                            + " due=" + started.dueAt());
                }
                if (run.get().outcome() != Outcome.APPROVED) {
                    return null;
                }
            }
            return null;
        });
        Round rd = round(r, round);
        if (rd.outcome() != Outcome.PENDING) {
            return done(r, rd, rd.outcome());
        }
        for (StageSpec spec : r.stages()) {
            StageRun run = rd.stage(spec.name()).orElseThrow();
            if (run.outcome() == Outcome.PENDING) {
                Instant now = clock.instant();
                Instant expires = run.dueAt().plus(settings.escalationGrace());
                long timeout = Math.max(60, Duration.between(now, expires).toSeconds() + 3600);
                // Past the escalation timer's beat: a wait whose timers never fired fails instead of hanging.
                long heartbeat = Math.max(30, Math.min(timeout - 1, Duration.between(now, run.dueAt()).toSeconds()
                        + 3600));
                return new Plan(false, Outcome.PENDING, r.assetId(), round, rd.version(), rd.contentSha256(), run,
                        expires, timeout, heartbeat);
            }
            if (run.outcome() != Outcome.APPROVED) {
                return done(r, rd, run.outcome());
            }
        }
        return done(r, rd, Outcome.APPROVED);
    }

    /** The round's outcome from its stages: the first stage not approved decides; pending while one is to run. */
    static Outcome outcomeOf(Review r, Round rd) {
        for (StageSpec spec : r.stages()) {
            Optional<StageRun> run = rd.stage(spec.name());
            if (run.isEmpty() || run.get().outcome() == Outcome.PENDING) {
                return Outcome.PENDING;
            }
            if (run.get().outcome() != Outcome.APPROVED) {
                return run.get().outcome();
            }
        }
        return Outcome.APPROVED;
    }

    private static Plan done(Review r, Round rd, Outcome o) {
        return new Plan(true, o, r.assetId(), rd.number(), rd.version(), rd.contentSha256(), null, null, 0, 0);
    }

    /**
     * The approval request of a reviewer's slot went out as link {@code linkHash}: recorded, and the reminder and
     * escalation timers set. If the stage was decided meanwhile, the new wait is released at once.
     */
    public void linkIssued(String assetId, int round, String stage, String reviewer, String linkHash) {
        Review r = mutate(assetId, "workflow", "review.link.sent", current -> {
            StageRun run = stageRun(current, round, stage);
            Slot slot = run.slot(reviewer).orElseThrow(() -> new IllegalArgumentException(reviewer
                    + " is not a reviewer of stage " + stage));
            if (linkHash.equals(slot.linkHash())) {
                return null;
            }
            return new Change(current.withRound(round(current, round).withStage(run.withSlot(reviewer,
                    s -> s.withLink(linkHash)))), "round=" + round + " stage=" + stage + " reviewer=" + reviewer
                    + " link=" + linkHash.substring(0, 16));
        });
        StageRun run = stageRun(r, round, stage);
        Slot slot = run.slot(reviewer).orElseThrow();
        if (slot.closed()) {
            release(slot, "closed");
            return;
        }
        Instant now = clock.instant();
        String base = "review-" + linkHash.substring(0, 16);
        Instant remindAt = run.dueAt().minus(settings.reminderLead());
        if (remindAt.isAfter(now)) {
            timers.schedule(base + "-remind", remindAt, new ReviewTimers.Timer(ReviewTimers.REMIND, assetId, round,
                    stage, reviewer));
        }
        timers.schedule(base + "-escalate", run.dueAt(), new ReviewTimers.Timer(ReviewTimers.ESCALATE, assetId,
                round, stage, reviewer));
    }

    /**
     * Told of every stored decision on an asset link (link page, console or command): the vote goes into the slot;
     * when it settles the stage (e.g. "any" got its approval, or "all" can no longer be met) the other reviewers'
     * waits are released and their links refuse from now on.
     */
    public void recordDecision(ApprovalLink link) {
        if (!AssetSubjectReader.TYPE.equals(link.subject().type())) {
            return;
        }
        String assetId = link.subject().id();
        List<Slot> released = new ArrayList<>();
        mutate(assetId, link.reviewer(), "review.vote", current -> {
            released.clear();
            Optional<Round> rd = current.roundOfVersion(link.subject().version());
            Optional<StageRun> run = rd.flatMap(x -> x.stage(link.kind()));
            Optional<Slot> slot = run.flatMap(x -> x.slot(link.reviewer()));
            if (slot.isEmpty() || slot.get().decision() != null || run.get().outcome() != Outcome.PENDING) {
                return null;
            }
            StageRun voted = run.get().withSlot(link.reviewer(), s -> s.decided(link.decision().code(), link.comment(),
                    link.decidedAt()).withLink(link.nonceHash()));
            String detail = "round=" + rd.get().number() + " stage=" + link.kind() + " reviewer=" + link.reviewer()
                    + " decision=" + link.decision().code();
            if (voted.evaluate() != Outcome.PENDING) {
                List<Slot> slots = new ArrayList<>();
                for (Slot s : voted.slots()) {
                    if (s.waiting()) {
                        released.add(s);
                        slots.add(s.close());
                    } else {
                        slots.add(s);
                    }
                }
                voted = voted.withSlots(slots);
                if (!released.isEmpty()) {
                    detail += " settled=" + voted.evaluate().code() + " released="
                            + released.stream().map(Slot::reviewer).toList();
                }
            }
            return new Change(current.withRound(rd.get().withStage(voted)), detail);
        });
        released.forEach(s -> release(s, "closed"));
    }

    /** A reviewer's vote as the Map state collected it: decision approve/changes/reject, or none (timed out). */
    public record Vote(String reviewer, String decision, String comment) {
    }

    /** Ends a stage with the rule applied to its votes (waits that ended without a decision count as none). */
    public Outcome closeStage(String assetId, int round, String stage, List<Vote> votes) {
        Review r = mutate(assetId, "workflow", "review.stage.closed", current -> {
            StageRun run = stageRun(current, round, stage);
            if (run.outcome() != Outcome.PENDING) {
                return null;
            }
            Map<String, Vote> byReviewer = new LinkedHashMap<>();
            votes.forEach(v -> byReviewer.put(v.reviewer().toLowerCase(Locale.ROOT), v));
            Instant now = clock.instant();
            List<Slot> slots = new ArrayList<>();
            for (Slot s : run.slots()) {
                Vote v = byReviewer.get(s.reviewer());
                if (s.decision() == null && !s.closed()) {
                    boolean real = v != null && List.of("approve", "changes", "reject").contains(v.decision());
                    slots.add(s.decided(real ? v.decision() : "none", real ? v.comment() : null, now));
                } else {
                    slots.add(s);
                }
            }
            StageRun decided = run.withSlots(slots);
            Outcome o = decided.evaluate();
            StageRun closed = decided.closed(o == Outcome.PENDING ? Outcome.EXPIRED : o, now);
            return new Change(current.withRound(round(current, round).withStage(closed)), "round=" + round + " stage="
                    + stage + " outcome=" + closed.outcome().code() + " votes=" + slots.stream()
                    .map(s -> s.reviewer() + ":" + (s.decision() == null ? "closed" : s.decision())).toList());
        });
        return stageRun(r, round, stage).outcome();
    }

    /**
     * Ends a round: approved (the version is approved, "Asset Approved"), changes requested (the creator is told
     * what to change and answers each point before the next version), rejected or expired. Publishes "Review Round
     * Closed". Calling it again re-publishes (at least once) but changes nothing.
     */
    public Outcome closeRound(String assetId, int round) {
        Review before = reviews.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no review of "
                + assetId));
        Round bRound = round(before, round);
        Outcome outcome = bRound.outcome() != Outcome.PENDING ? bRound.outcome() : outcomeOf(before, bRound);
        if (outcome == Outcome.PENDING) {
            throw new ConflictException("round", FieldError.Codes.ILLEGAL_TRANSITION, "round " + round + " of "
                    + assetId + " still has stages to run");
        }
        boolean[] changed = {false};
        Review r = mutate(assetId, "workflow", "review.round.closed", current -> {
            Round rd = round(current, round);
            if (rd.outcome() != Outcome.PENDING) {
                return null;
            }
            changed[0] = true;
            ReviewStatus status = switch (outcome) {
                case APPROVED -> ReviewStatus.APPROVED;
                case CHANGES_REQUESTED -> ReviewStatus.CHANGES_REQUESTED;
                case REJECTED -> ReviewStatus.REJECTED;
                default -> ReviewStatus.EXPIRED;
            };
            return new Change(current.withRound(rd.closed(outcome, clock.instant())).with(status,
                    current.resumeToken()), "round=" + round + " v" + rd.version() + " outcome=" + outcome.code());
        });
        Round rd = round(r, round);
        publishClosed(r, rd);
        if (changed[0]) {
            mailCreator(r, rd);
        }
        return outcome;
    }

    /**
     * The workflow waits for the creator's next version with {@code taskToken} (stored with the review, never
     * logged). If that version is already there and every point answered, the next round starts at once.
     */
    public void awaitVersion(String assetId, int round, String taskToken) {
        if (taskToken == null || taskToken.isBlank()) {
            throw new IllegalArgumentException("taskToken is required");
        }
        mutate(assetId, "workflow", "review.waiting", current -> {
            if (current.status() != ReviewStatus.CHANGES_REQUESTED || current.currentRound().number() != round) {
                throw new ConflictException("round", FieldError.Codes.ILLEGAL_TRANSITION, "review of " + assetId
                        + " is " + current.status().code() + " in round " + current.currentRound().number()
                        + ", not waiting after round " + round);
            }
            if (taskToken.equals(current.resumeToken())) {
                return null;
            }
            return new Change(current.with(current.status(), taskToken), "round=" + round
                    + " waiting for the creator's next version");
        });
        tryResume(assetId);
    }

    /**
     * Starts the next round if the review waits, a newer version is ready and every point of the last round has the
     * creator's answer; then tells the waiting workflow (again, if a previous attempt could not).
     */
    Review tryResume(String assetId) {
        Review r = mutate(assetId, "workflow", "review.resubmitted", current -> {
            if (current.status() != ReviewStatus.CHANGES_REQUESTED || current.resumeToken() == null
                    || unanswered(current) > 0) {
                return null;
            }
            Optional<AssetVersion> newest = newestReady(assetId);
            Round last = current.currentRound();
            if (newest.isEmpty() || newest.get().number() <= last.version()) {
                return null;
            }
            AssetVersion v = newest.get();
            Round next = new Round(last.number() + 1, v.number(), v.sha256(), clock.instant(), List.of(),
                    Outcome.PENDING, null);
            return new Change(current.withRound(next).with(ReviewStatus.IN_REVIEW, current.resumeToken()),
                    "round=" + next.number() + " v" + v.number() + " sha256=" + v.sha256() + " by=" + v.submitter());
        });
        if (r.status() == ReviewStatus.IN_REVIEW && r.resumeToken() != null) {
            Round next = r.currentRound();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("round", next.number());
            out.put("version", next.version());
            out.put("contentSha256", next.contentSha256());
            try {
                callbacks.succeed(r.resumeToken(), write(out));
            } catch (TaskCallbacks.TaskGoneException e) {
                LOG.log(System.Logger.Level.WARNING, "review of {0}: the workflow no longer waits for round {1}: {2}",
                        assetId, next.number(), e.getMessage());
            }
            r = mutate(assetId, "workflow", "review.resumed", current -> current.resumeToken() == null ? null
                    : new Change(current.with(current.status(), null), "round=" + current.currentRound().number()
                    + " workflow resumed"));
        }
        return r;
    }

    // ------------------------------------------------------------------ feedback

    public Annotation annotate(String actor, String assetId, int version, Anchor anchor, String body) {
        Review r = participantOf(actor, assetId);
        Round rd = r.roundOfVersion(version).orElseThrow(() -> new ValidationException(new FieldError("version",
                FieldError.Codes.INVALID, "version " + version + " is not under review")));
        String text = text(body, "body", BODY_MAX);
        Instant now = clock.instant();
        Annotation a = new Annotation(ids.get(), assetId, version, rd.number(), actor, anchor == null ? Anchor.NONE
                : anchor, text, false, List.of(), null, now, now, 1);
        return storeAnnotation(a, actor, "review.annotation.added", "id=" + a.id() + " v" + version + " round="
                + rd.number() + " " + a.anchor().describe() + " body=" + quote(text));
    }

    public Annotation reply(String actor, String assetId, String annotationId, String body) {
        participantOf(actor, assetId);
        String text = text(body, "body", BODY_MAX);
        return changeAnnotation(actor, assetId, annotationId, "review.annotation.replied", a -> {
            Annotation.Reply reply = new Annotation.Reply(ids.get(), actor, text, clock.instant());
            return new AnnotationChange(a.replied(reply, clock.instant()), "id=" + a.id() + " reply=" + reply.id()
                    + " body=" + quote(text));
        });
    }

    public Annotation resolve(String actor, String assetId, String annotationId, boolean resolved) {
        participantOf(actor, assetId);
        return changeAnnotation(actor, assetId, annotationId, resolved ? "review.annotation.resolved"
                : "review.annotation.reopened", a -> a.resolved() == resolved ? null
                : new AnnotationChange(a.resolvedAs(resolved, clock.instant()), "id=" + a.id()));
    }

    /**
     * The creator answers a point: {@code accept}, or {@code object} with a reason. When the last open point of the
     * round is answered and the next version is ready, the next round starts.
     */
    public Annotation answer(String actor, String assetId, String annotationId, String code, String reason) {
        Review r = reviews.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no review of "
                + assetId));
        if (!actorIs(actor, r.creator())) {
            throw new ForbiddenException("only the creator (" + r.creator() + ") answers review points");
        }
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        if (!c.equals("accept") && !c.equals("object")) {
            throw new ValidationException(new FieldError("answer", FieldError.Codes.UNKNOWN_VALUE,
                    "answer accept or object"));
        }
        String why = reason == null ? "" : reason.strip();
        if (c.equals("object") && why.isEmpty()) {
            throw new ValidationException(new FieldError("reason", FieldError.Codes.REQUIRED,
                    "say why you object to this point"));
        }
        if (why.length() > REASON_MAX) {
            throw new ValidationException(new FieldError("reason", FieldError.Codes.TOO_LONG, "at most " + REASON_MAX
                    + " characters"));
        }
        Annotation out = changeAnnotation(actor, assetId, annotationId, "review.annotation.answered", a -> {
            if (a.answer() != null && a.answer().code().equals(c) && Objects.equals(a.answer().reason(), why)) {
                return null;
            }
            return new AnnotationChange(a.answered(new Annotation.Answer(c, why.isEmpty() ? null : why, actor,
                    clock.instant()), clock.instant()), "id=" + a.id() + " answer=" + c
                    + (why.isEmpty() ? "" : " reason=" + quote(why)));
        });
        tryResume(assetId);
        return out;
    }

    /** Points of the review's current round that still lack the creator's answer. */
    public int unanswered(Review r) {
        int round = r.currentRound().number();
        return (int) reviews.annotations(r.assetId()).stream().filter(a -> a.round() == round && a.answer() == null)
                .count();
    }

    // ------------------------------------------------------------------ internals

    record Change(Review review, String detail) {
    }

    private record AnnotationChange(Annotation annotation, String detail) {
    }

    /** Applies {@code f} to the stored review until it is stored with its audit entry; null = no change needed. */
    Review mutate(String assetId, String actor, String action, Function<Review, Change> f) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Review current = reviews.find(assetId).orElseThrow(() -> new NotFoundException("assetId",
                    "no review of " + assetId));
            Change c = f.apply(current);
            if (c == null) {
                return current;
            }
            Review next = c.review().next(clock.instant());
            if (store(next, actor, action, c.detail()) == ReviewRepository.Write.DONE) {
                return next;
            }
        }
        throw new IllegalStateException("review of " + assetId + " kept changing; gave up after " + MAX_ATTEMPTS
                + " attempts");
    }

    /** One attempt: the review with its audit entry on the chain's current head. */
    private ReviewRepository.Write store(Review next, String actor, String action, String detail) {
        Review stored = next.revision() == 0 ? next.next(next.createdAt()) : next;
        return reviews.save(stored, entry(Review.chain(next.assetId()), actor, action, detail));
    }

    private Annotation storeAnnotation(Annotation a, String actor, String action, String detail) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (reviews.save(a, entry(Review.chain(a.assetId()), actor, action, detail))
                    == ReviewRepository.Write.DONE) {
                return a;
            }
            if (reviews.annotation(a.assetId(), a.id()).isPresent()) {
                throw new IllegalStateException("annotation id " + a.id() + " already used");
            }
        }
        throw new IllegalStateException("annotation could not be stored; the audit chain kept moving");
    }

    private Annotation changeAnnotation(String actor, String assetId, String id, String action,
                                        Function<Annotation, AnnotationChange> f) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Annotation current = reviews.annotation(assetId, id).orElseThrow(() -> new NotFoundException(
                    "annotationId", "no annotation " + id + " on asset " + assetId));
            AnnotationChange c = f.apply(current);
            if (c == null) {
                return current;
            }
            if (reviews.save(c.annotation(), entry(Review.chain(assetId), actor, action, c.detail()))
                    == ReviewRepository.Write.DONE) {
                return c.annotation();
            }
        }
        throw new IllegalStateException("annotation " + id + " kept changing; gave up");
    }

    private AuditEntry entry(String chain, String actor, String action, String detail) {
        Optional<AuditEntry> head = links.auditHead(chain);
        return AuditChain.next(head.map(AuditEntry::hash).orElse(null), chain, head.map(h -> h.seq() + 1)
                .orElse(1L), clock.instant(), actor, action, detail);
    }

    /** Answers a released wait: the stage was settled without this reviewer. */
    private void release(Slot slot, String why) {
        if (slot.linkHash() == null) {
            return; // its request is still on the way; linkIssued releases it when it arrives
        }
        Optional<ApprovalLink> link = links.find(slot.linkHash());
        if (link.isEmpty()) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", "none");
        out.put("comment", ""); // the workflow selects every field: never omit one
        out.put("reviewer", slot.reviewer());
        out.put(why, true);
        try {
            callbacks.succeed(link.get().taskToken(), write(out));
        } catch (TaskCallbacks.TaskGoneException e) {
            LOG.log(System.Logger.Level.INFO, "released wait of {0} was already over: {1}", slot.reviewer(),
                    e.getMessage());
        }
    }

    private void publishClosed(Review r, Round rd) {
        List<ReviewEvents.StageResult> stages = rd.stages().stream().map(s -> new ReviewEvents.StageResult(s.name(),
                s.rule().code(), s.outcome().code(), s.slots().stream().map(sl -> new ReviewEvents.Vote(s.name(),
                sl.reviewer(), sl.decision() == null ? "none" : sl.decision())).toList())).toList();
        events.publish(new OutboundEvent(ReviewEvents.SOURCE, ReviewEvents.ROUND_CLOSED, new ReviewEvents.RoundClosed(
                ReviewEvents.SCHEMA_VERSION, r.assetId(), r.brand(), r.briefId(), rd.number(), rd.version(),
                rd.contentSha256(), rd.outcome().code(), stages, rd.closedAt())));
        if (rd.outcome() == Outcome.APPROVED) {
            List<ReviewEvents.Vote> approvals = stages.stream().flatMap(s -> s.votes().stream())
                    .filter(v -> v.decision().equals("approve")).toList();
            events.publish(new OutboundEvent(ReviewEvents.SOURCE, ReviewEvents.ASSET_APPROVED,
                    new ReviewEvents.AssetApproved(ReviewEvents.SCHEMA_VERSION, r.assetId(), r.brand(), r.briefId(),
                            rd.version(), rd.contentSha256(), rd.number(), approvals, rd.closedAt())));
        }
    }

    private void mailCreator(Review r, Round rd) {
        List<Annotation> points = reviews.annotations(r.assetId()).stream().filter(a -> a.round() == rd.number())
                .toList();
        mailer.send(ReviewMail.roundClosed(r, rd, points, settings.publicBaseUrl()));
    }

    private Review participantOf(String actor, String assetId) {
        Review r = reviews.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no review of "
                + assetId));
        if (!r.participant(actor)) {
            throw new ForbiddenException(actor + " takes no part in the review of " + assetId);
        }
        return r;
    }

    private AssetVersion readyVersion(String assetId, int version) {
        AssetVersion v = assets.findVersion(assetId, version).orElseThrow(() -> new NotFoundException("version",
                "asset " + assetId + " has no version " + version));
        if (v.state() != VersionState.READY) {
            throw new ConflictException("version", FieldError.Codes.ILLEGAL_TRANSITION, "version " + version + " of "
                    + assetId + " is " + v.state().code() + ", not ready");
        }
        return v;
    }

    private Optional<AssetVersion> newestReady(String assetId) {
        return assets.versions(assetId).stream().filter(v -> v.state() == VersionState.READY)
                .max(Comparator.comparingInt(AssetVersion::number));
    }

    private static Round round(Review r, int number) {
        return r.round(number).orElseThrow(() -> new NotFoundException("round", "review of " + r.assetId()
                + " has no round " + number));
    }

    private static StageRun stageRun(Review r, int round, String stage) {
        return round(r, round).stage(stage).orElseThrow(() -> new NotFoundException("stage", "round " + round
                + " of " + r.assetId() + " has not started stage " + stage));
    }

    static boolean actorIs(String actor, String user) {
        return actor != null && actor.equalsIgnoreCase(user);
    }

    private static String text(String s, String field, int max) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) {
            throw new ValidationException(new FieldError(field, FieldError.Codes.REQUIRED, field + " is required"));
        }
        if (t.length() > max) {
            throw new ValidationException(new FieldError(field, FieldError.Codes.TOO_LONG, "at most " + max
                    + " characters"));
        }
        return t;
    }

    private static String describe(List<StageSpec> stages) {
        return String.join("->", stages.stream().map(s -> s.name() + "(" + s.rule().code() + ":"
                + String.join(",", s.reviewers()) + ")").toList());
    }

    static String quote(String s) {
        String clipped = s.length() > 300 ? s.substring(0, 300) + "…" : s;
        return "\"" + clipped.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a task result", e);
        }
    }
}
