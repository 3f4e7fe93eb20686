package dam.core.brief;

import dam.core.ConflictException;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.FieldError;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.notify.ReminderScheduler;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Use cases of briefs: create, change, move through the status table, milestones and budget approval. Every change
 * is validated as a whole, recomputes the disclaimers, bumps the version (optimistic concurrency), appends a
 * hash-chained audit entry in the same write, re-plans milestone reminders, then publishes an event.
 */
public final class BriefService {

    private final BriefRepository repository;
    private final EventPublisher events;
    private final ReminderPlanner reminders;
    private final Clock clock;
    private final Supplier<String> ids;
    private final DisclaimerRules rules;
    private final DocumentStorage documents;

    public BriefService(BriefRepository repository, EventPublisher events, ReminderScheduler reminders, Clock clock,
                        Supplier<String> ids, DisclaimerRules rules) {
        this(repository, events, reminders, clock, ids, rules, DocumentStorage.unconfigured());
    }

    public BriefService(BriefRepository repository, EventPublisher events, ReminderScheduler reminders, Clock clock,
                        Supplier<String> ids, DisclaimerRules rules, DocumentStorage documents) {
        this.documents = Objects.requireNonNull(documents);
        this.repository = Objects.requireNonNull(repository);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.reminders = new ReminderPlanner(Objects.requireNonNull(reminders), clock);
        this.ids = Objects.requireNonNull(ids);
        this.rules = Objects.requireNonNull(rules);
    }

    public Brief get(String briefId) {
        return repository.find(briefId).orElseThrow(() -> notFound(briefId));
    }

    public java.util.Optional<Brief> find(String briefId) {
        return repository.find(briefId);
    }

    public List<AuditEntry> audit(String briefId) {
        get(briefId);
        return repository.audit(briefId);
    }

    /**
     * Creates a draft brief. A repeated command id stores nothing new; it returns the brief created the first time and
     * re-publishes its event and reminders (both idempotent downstream), so a retry after a crash between the write
     * and the publish still completes the side effects.
     */
    public BriefResult create(CreateBriefCommand cmd) {
        String actor = requireActor(cmd.actor());
        if (cmd.brief() == null) {
            throw new ValidationException(new FieldError("brief", Codes.REQUIRED, "brief is required"));
        }
        BriefContent content = BriefValidator.validate(cmd.brief(), null, today());
        String id = ids.get();
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(null, id, 1, now, actor, "brief.created", "title=" + content.title());
        Brief brief = Brief.of(id, 1, BriefStatus.DRAFT, content, rules.apply(content), now, now, audit.hash());
        var earlier = repository.create(brief, audit, cmd.commandId());
        boolean applied = earlier.isEmpty();
        Brief result = applied ? brief : repository.find(earlier.get()).orElseThrow(() -> new IllegalStateException(
                "command " + cmd.commandId() + " points at missing brief " + earlier.get()));
        reminders.replan(null, result);
        events.publish(new OutboundEvent(BriefEventDetail.SOURCE, BriefEventDetail.CREATED,
                BriefEventDetail.of(result)));
        return new BriefResult(result, applied);
    }

    /** Changes fields of a brief (null fields unchanged); stale {@code expectedVersion} → {@link ConflictException}. */
    public BriefResult update(UpdateBriefCommand cmd) {
        if (cmd.changes() == null) {
            throw new ValidationException(new FieldError("changes", Codes.REQUIRED, "changes are required"));
        }
        return mutate(cmd.briefId(), cmd.expectedVersion(), cmd.actor(), cmd.commandId(), "brief.changed",
                BriefEventDetail.CHANGED, current -> {
                    BriefInput merged = BriefInput.of(current.content()).overlay(cmd.changes());
                    return edited(current, BriefValidator.validate(merged, current.content(), today()),
                            changedFields(cmd.changes()));
                });
    }

    /** Moves a brief along the status table (draft → submitted → approved → in production → delivered → closed). */
    public BriefResult transition(String briefId, long expectedVersion, BriefStatus target, String actor,
                                  String commandId) {
        Objects.requireNonNull(target, "target");
        String eventType = switch (target) {
            case SUBMITTED -> BriefEventDetail.SUBMITTED;
            case APPROVED -> BriefEventDetail.APPROVED;
            default -> BriefEventDetail.CHANGED;
        };
        return mutate(briefId, expectedVersion, actor, commandId, "brief.status." + target.code(), eventType,
                current -> {
                    if (!current.status().canMoveTo(target)) {
                        throw new ConflictException("status", Codes.ILLEGAL_TRANSITION, "a " + current.status().code()
                                + " brief cannot become " + target.code() + "; allowed: "
                                + current.status().allowedTargets().stream().map(BriefStatus::code).sorted().toList());
                    }
                    BriefContent content = current.content();
                    if (target == BriefStatus.SUBMITTED) {
                        requireApprovers(current);
                        content = budgetPendingOnSubmit(content);
                    }
                    return new Change(target, content, current.status().code() + "->" + target.code());
                });
    }

    /**
     * Applies the outcome of a brief-approval round (the brief-approval state machine, once all named approvers have
     * decided or timed out): every approver approved → {@code approved} (and the budget approved) with
     * {@code Brief Approved}; otherwise back to {@code draft} (budget approved / rejected / not submitted as its
     * approver voted) with {@code Brief Changed}. One write, one audit entry listing every vote. A brief that changed
     * while it was out for approval goes back to draft (what was approved is no longer what is there); one that is no
     * longer submitted (withdrawn, closed), or was submitted again since (a newer round decides it), is left alone.
     * {@code commandId} (the execution) makes retries harmless.
     */
    public BriefResult applyApprovals(String briefId, long submittedVersion, String commandId,
                                      List<ApprovalVote> votes) {
        Objects.requireNonNull(votes, "votes");
        Brief current = get(briefId);
        if (current.status() != BriefStatus.SUBMITTED || resubmittedSince(briefId, submittedVersion)) {
            return new BriefResult(current, false);
        }
        boolean changed = current.version() != submittedVersion;
        boolean allApproved = !changed && !votes.isEmpty()
                && votes.stream().allMatch(v -> v.decision() == ApprovalVote.Decision.APPROVE);
        BriefStatus target = allApproved ? BriefStatus.APPROVED : BriefStatus.DRAFT;
        String eventType = allApproved ? BriefEventDetail.APPROVED : BriefEventDetail.CHANGED;
        String action = allApproved ? "brief.approvals.approved" : "brief.approvals.returned";
        return mutate(briefId, current.version(), ApprovalVote.ACTOR, commandId, action, eventType, brief -> {
            BriefContent content = brief.content();
            Budget b = content.budget();
            var budgetVote = votes.stream().filter(v -> v.kind() == ApprovalKind.BUDGET).map(ApprovalVote::decision)
                    .reduce((x, y) -> x == ApprovalVote.Decision.APPROVE ? y : x);
            if (b != null && budgetVote.isPresent() && !changed) {
                ApprovalState state = switch (budgetVote.get()) {
                    case APPROVE -> ApprovalState.APPROVED;
                    case REJECT -> ApprovalState.REJECTED;
                    case CHANGES, NONE -> ApprovalState.NOT_SUBMITTED;
                };
                content = content.withBudget(new Budget(b.currency(), b.lines(), b.total(), state));
            }
            String detail = (changed ? "changed during approval (submitted v" + submittedVersion + "); " : "")
                    + "votes=" + votes.stream().map(v -> v.kind().code() + ":" + v.approver() + "="
                    + v.decision().code()).toList();
            return new Change(target, content, detail);
        });
    }

    /**
     * Whether the brief was submitted again after the submission that produced {@code submittedVersion}: a late round
     * (its links superseded, its tasks timed out) must not overrule the round now running.
     */
    private boolean resubmittedSince(String briefId, long submittedVersion) {
        String submitted = "brief.status." + BriefStatus.SUBMITTED.code();
        return repository.audit(briefId).stream()
                .anyMatch(e -> e.seq() > submittedVersion && submitted.equals(e.action()));
    }

    /** A brief goes out for approval only to named approvers, and to a fine-print approver when legal must sign. */
    private static void requireApprovers(Brief brief) {
        List<FieldError> errors = new ArrayList<>();
        if (brief.approvals().isEmpty()) {
            errors.add(new FieldError("approvals", Codes.REQUIRED,
                    "name at least one approver (kind brief, budget, timeline or fine_print) before submitting"));
        }
        if (brief.legalApprovalRequired() && brief.approvers(ApprovalKind.FINE_PRINT).isEmpty()) {
            errors.add(new FieldError("approvals", Codes.REQUIRED,
                    "the brief's disclaimers need legal approval: name a fine_print approver before submitting"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Submitting puts the budget up for approval when someone is named to approve it. */
    private static BriefContent budgetPendingOnSubmit(BriefContent content) {
        Budget b = content.budget();
        boolean hasApprover = content.approvals().stream().anyMatch(a -> a.kind() == ApprovalKind.BUDGET);
        if (b == null || !hasApprover) {
            return content;
        }
        return content.withBudget(new Budget(b.currency(), b.lines(), b.total(), ApprovalState.PENDING));
    }

    /** Adds a milestone (and its reminders). */
    public BriefResult addMilestone(String briefId, long expectedVersion, String actor, String name, String owner,
                                    String dueDate) {
        return editMilestones(briefId, expectedVersion, actor, list -> {
            list.add(new BriefInput.MilestoneInput(null, name, owner, dueDate, false));
            return list;
        });
    }

    /** Moves, renames, re-assigns or completes a milestone (null arguments keep the stored value). */
    public BriefResult changeMilestone(String briefId, long expectedVersion, String actor, String milestoneId,
                                       String name, String owner, String dueDate, Boolean done) {
        return editMilestones(briefId, expectedVersion, actor, list -> {
            int i = indexOf(list, milestoneId);
            BriefInput.MilestoneInput m = list.get(i);
            list.set(i, new BriefInput.MilestoneInput(m.id(), name != null ? name : m.name(),
                    owner != null ? owner : m.owner(), dueDate != null ? dueDate : m.dueDate(),
                    done != null ? done : m.done()));
            return list;
        });
    }

    /** Deletes a milestone (its reminders are cancelled). */
    public BriefResult removeMilestone(String briefId, long expectedVersion, String actor, String milestoneId) {
        return editMilestones(briefId, expectedVersion, actor, list -> {
            list.remove(indexOf(list, milestoneId));
            return list;
        });
    }

    /** Budget approval: not_submitted → pending → approved | rejected (a rejected budget may be resubmitted). */
    public BriefResult decideBudget(String briefId, long expectedVersion, String actor, ApprovalState decision) {
        return mutate(briefId, expectedVersion, actor, null, "budget." + decision.code(), BriefEventDetail.CHANGED,
                current -> {
                    Budget b = current.budget();
                    if (b == null) {
                        throw new ConflictException("budget", Codes.ILLEGAL_TRANSITION, "the brief has no budget");
                    }
                    boolean ok = switch (decision) {
                        case PENDING -> b.approval() == ApprovalState.NOT_SUBMITTED
                                || b.approval() == ApprovalState.REJECTED;
                        case APPROVED, REJECTED -> b.approval() == ApprovalState.PENDING;
                        case NOT_SUBMITTED -> false;
                    };
                    if (!ok) {
                        throw new ConflictException("budget.approval", Codes.ILLEGAL_TRANSITION, "a "
                                + b.approval().code() + " budget cannot become " + decision.code());
                    }
                    BriefContent next = current.content()
                            .withBudget(new Budget(b.currency(), b.lines(), b.total(), decision));
                    return new Change(current.status(), next, "budget " + b.approval().code() + "->" + decision.code());
                });
    }

    private BriefResult editMilestones(String briefId, long expectedVersion, String actor,
                                       Function<List<BriefInput.MilestoneInput>, List<BriefInput.MilestoneInput>> edit) {
        return mutate(briefId, expectedVersion, actor, null, "brief.milestones", BriefEventDetail.CHANGED, current -> {
            List<BriefInput.MilestoneInput> list = new ArrayList<>(BriefInput.of(current.content()).milestones());
            BriefInput changes = new BriefInput(null, null, null, null, null, null, null, null, null, null, null, null,
                    null, edit.apply(list), null, null);
            BriefInput merged = BriefInput.of(current.content()).overlay(changes);
            return edited(current, BriefValidator.validate(merged, current.content(), today()), "milestones");
        });
    }

    private static int indexOf(List<BriefInput.MilestoneInput> list, String milestoneId) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(milestoneId)) {
                return i;
            }
        }
        throw new NotFoundException("milestoneId", "no milestone '" + milestoneId + "' on this brief");
    }

    /** {@code links}/{@code docs} null = unchanged. */
    private record Change(BriefStatus status, BriefContent content, String detail, List<BriefLink> links,
                          List<BriefDocument> docs) {
        Change(BriefStatus status, BriefContent content, String detail) {
            this(status, content, detail, null, null);
        }
    }

    /**
     * An edit of a submitted brief withdraws it from approval: back to draft (a pending budget approval lapses too),
     * so approvers are never left deciding on something that changed under them — their links now read as
     * superseded — and the round is not left waiting for decisions that can no longer be made. Resubmitting starts a
     * new round with fresh links.
     */
    private static Change edited(Brief current, BriefContent content, String detail) {
        if (current.status() != BriefStatus.SUBMITTED) {
            return new Change(current.status(), content, detail);
        }
        Budget b = content.budget();
        if (b != null && b.approval() == ApprovalState.PENDING) {
            content = content.withBudget(new Budget(b.currency(), b.lines(), b.total(), ApprovalState.NOT_SUBMITTED));
        }
        return new Change(BriefStatus.DRAFT, content, detail + "; withdrawn from approval (submitted->draft)");
    }

    private BriefResult mutate(String briefId, long expectedVersion, String actorIn, String commandId, String action,
                               String eventType, Function<Brief, Change> change) {
        String actor = requireActor(actorIn);
        Brief current = get(briefId);
        if (current.version() != expectedVersion) {
            // A replay of an applied command finds the version moved on: that is "done already", not "stale".
            if (commandId != null && repository.commandApplied(commandId)) {
                return new BriefResult(current, false);
            }
            throw stale(briefId, expectedVersion, current.version());
        }
        if (!current.status().editable()) {
            throw new ConflictException("status", Codes.ILLEGAL_TRANSITION, "brief " + briefId + " is "
                    + current.status().code() + " and can no longer change");
        }
        Change c = change.apply(current);
        Versioned v = nextVersion(current, c, actor, action);
        Brief next = v.brief();
        AuditEntry audit = v.audit();
        if (!repository.update(next, expectedVersion, audit, commandId)) {
            return new BriefResult(get(briefId), false);
        }
        reminders.replan(current, next);
        events.publish(new OutboundEvent(BriefEventDetail.SOURCE, eventType, BriefEventDetail.of(next)));
        return new BriefResult(next, true);
    }

    private record Versioned(Brief brief, AuditEntry audit) {
    }

    /** The next version of {@code current} after {@code c}, with its audit entry (chained to the current head). */
    private Versioned nextVersion(Brief current, Change c, String actor, String action) {
        Instant now = clock.instant();
        long nextVersion = current.version() + 1;
        AuditEntry audit = AuditChain.next(current.auditHash(), current.id(), nextVersion, now, actor, action,
                c.detail());
        Brief next = Brief.of(current.id(), nextVersion, c.status(), c.content(), rules.apply(c.content()),
                current.createdAt(), now, audit.hash())
                .withAttachments(c.links() != null ? c.links() : current.links(),
                        c.docs() != null ? c.docs() : current.documents());
        return new Versioned(next, audit);
    }

    // ---- links, supporting documents, progress (issue 5) ----

    /**
     * Links {@code briefId} to a related brief (stored on both, one atomic write that checks both versions: the
     * caller's {@code expectedVersion} here, the version just read on the other) or to an asset (its id only, the
     * asset may not exist yet). Linking twice is a conflict; one audit entry on each brief changed.
     */
    public BriefResult link(String briefId, long expectedVersion, String actor, String kindCode, String targetId) {
        BriefLink.Kind kind = BriefAttachments.kind(kindCode);
        BriefAttachments.requireId("targetId", targetId);
        if (kind == BriefLink.Kind.ASSET) {
            return mutate(briefId, expectedVersion, actor, null, "brief.link.added", BriefEventDetail.CHANGED,
                    current -> {
                        BriefAttachments.requireNotLinked(current, kind, targetId);
                        BriefAttachments.requireRoom(current);
                        List<BriefLink> links = new ArrayList<>(current.links());
                        links.add(new BriefLink(kind, targetId, actor, clock.instant()));
                        return new Change(current.status(), current.content(), "asset " + targetId, links, null);
                    });
        }
        if (targetId.equals(briefId)) {
            throw new ValidationException(new FieldError("targetId", Codes.INVALID, "a brief cannot link to itself"));
        }
        return pair(briefId, expectedVersion, actor, targetId, "brief.link.added", (brief, other) -> {
            BriefAttachments.requireNotLinked(brief, kind, other.id());
            BriefAttachments.requireRoom(brief);
            List<BriefLink> links = new ArrayList<>(brief.links());
            if (!brief.linksTo(kind, other.id())) {
                links.add(new BriefLink(kind, other.id(), actor, clock.instant()));
            }
            return links;
        });
    }

    /** Removes a link (from both briefs for a related brief); a link that is not there is a 404. */
    public BriefResult unlink(String briefId, long expectedVersion, String actor, String kindCode, String targetId) {
        BriefLink.Kind kind = BriefAttachments.kind(kindCode);
        BriefAttachments.requireId("targetId", targetId);
        Brief current = get(briefId);
        if (!current.linksTo(kind, targetId)) {
            throw new NotFoundException("targetId", "brief " + briefId + " has no " + kind.code() + " link to '"
                    + targetId + "'");
        }
        if (kind == BriefLink.Kind.ASSET || repository.find(targetId).isEmpty()) {
            // An asset link, or a related brief that no longer exists: only this brief holds the link.
            return mutate(briefId, expectedVersion, actor, null, "brief.link.removed", BriefEventDetail.CHANGED,
                    brief -> new Change(brief.status(), brief.content(), kind.code() + " " + targetId,
                            brief.links().stream().filter(l -> !l.same(kind, targetId)).toList(), null));
        }
        return pair(briefId, expectedVersion, actor, targetId, "brief.link.removed",
                (brief, other) -> brief.links().stream().filter(l -> !l.same(kind, other.id())).toList());
    }

    /**
     * Changes the links of two briefs in one write; {@code edit} gives the new links of its first argument given the
     * other brief, and is applied both ways.
     */
    private BriefResult pair(String briefId, long expectedVersion, String actorIn, String targetId, String action,
                             java.util.function.BiFunction<Brief, Brief, List<BriefLink>> edit) {
        String actor = requireActor(actorIn);
        Brief current = get(briefId);
        if (current.version() != expectedVersion) {
            throw stale(briefId, expectedVersion, current.version());
        }
        Brief other = repository.find(targetId).orElseThrow(() -> new NotFoundException("targetId",
                "no brief '" + targetId + "'"));
        for (Brief b : List.of(current, other)) {
            if (!b.status().editable()) {
                throw new ConflictException(b == current ? "status" : "targetId", Codes.ILLEGAL_TRANSITION,
                        "brief " + b.id() + " is " + b.status().code() + " and can no longer change");
            }
        }
        Versioned a = nextVersion(current, new Change(current.status(), current.content(),
                "brief " + other.id(), edit.apply(current, other), null), actor, action);
        Versioned b = nextVersion(other, new Change(other.status(), other.content(),
                "brief " + current.id(), edit.apply(other, current), null), actor, action);
        repository.updatePair(a.brief(), current.version(), a.audit(), b.brief(), other.version(), b.audit());
        for (Brief changed : List.of(a.brief(), b.brief())) {
            events.publish(new OutboundEvent(BriefEventDetail.SOURCE, BriefEventDetail.CHANGED,
                    BriefEventDetail.of(changed)));
        }
        return new BriefResult(a.brief(), true);
    }

    /**
     * Records a supporting document (state uploading) and presigns its upload: a PUT valid for
     * {@link BriefAttachments#UPLOAD_TTL} to a server-chosen key, with the type and length signed.
     */
    public DocumentUpload addDocument(String briefId, long expectedVersion, String actor, String fileName,
                                      String contentType, Long size) {
        BriefAttachments.DocumentFields f = BriefAttachments.document(fileName, contentType, size);
        String documentId = ids.get();
        String key = "briefs/" + briefId + "/documents/" + documentId;
        Instant now = clock.instant();
        URI url = documents.presignPut(key, f.contentType(), f.size(), BriefAttachments.UPLOAD_TTL);
        BriefDocument doc = new BriefDocument(documentId, f.fileName(), f.contentType(), f.size(), key,
                BriefDocument.State.UPLOADING, actor, now);
        BriefResult result = mutate(briefId, expectedVersion, actor, null, "brief.document.added",
                BriefEventDetail.CHANGED, current -> {
                    if (current.documents().size() >= BriefAttachments.MAX_DOCUMENTS) {
                        throw new ValidationException(new FieldError("documents", Codes.TOO_MANY, "a brief holds at "
                                + "most " + BriefAttachments.MAX_DOCUMENTS + " documents"));
                    }
                    List<BriefDocument> docs = new ArrayList<>(current.documents());
                    docs.add(doc);
                    return new Change(current.status(), current.content(), "document " + documentId + " "
                            + f.contentType() + " " + f.size() + " bytes", null, docs);
                });
        return new DocumentUpload(result, doc, url, now.plus(BriefAttachments.UPLOAD_TTL));
    }

    public BriefProgress progress(String briefId) {
        return BriefProgress.of(get(briefId));
    }

    static ConflictException stale(String briefId, long expected, long actual) {
        return new ConflictException("expectedVersion", Codes.CONFLICT, "brief " + briefId + " is at version "
                + actual + ", not " + expected + "; reload and retry");
    }

    private static String changedFields(BriefInput changes) {
        List<String> names = new ArrayList<>();
        for (var component : BriefInput.class.getRecordComponents()) {
            try {
                if (component.getAccessor().invoke(changes) != null) {
                    names.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
        }
        return "changed=" + String.join(",", names);
    }

    private static String requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new ValidationException(new FieldError("actor", Codes.REQUIRED, "who is acting must be known"));
        }
        return actor;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    private static NotFoundException notFound(String briefId) {
        return new NotFoundException("briefId", "no brief '" + briefId + "'");
    }
}
