package dam.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.brief.Brief;
import dam.core.brief.BriefIndex;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefProgress;
import dam.core.brief.DocumentUpload;
import dam.core.brief.BriefResult;
import dam.core.brief.BriefService;
import dam.core.brief.BriefStatus;
import dam.core.brief.Coded;
import dam.core.brief.Comment;
import dam.core.brief.CommentService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.Milestone;
import dam.core.brief.UpdateBriefCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The brief use cases on behalf of an authenticated {@link Principal}: every call checks {@link BriefPolicy} first
 * (deny by default), then delegates to {@link BriefService} / {@link CommentService} with the principal as the audited
 * actor. A brief the caller may not see is reported exactly like a missing one, so its existence does not leak; one
 * they may see but not change is a {@link ForbiddenException}.
 */
public final class SecuredBriefs {

    public static final int LIST_MAX = 100;
    /** Bounds the work of {@link #tasks}: briefs read across the open queues (a per-owner index replaces this later). */
    static final int TASK_SCAN_MAX = 2_000;
    /** Index pages read to fill one list page when many briefs are hidden from the caller. */
    static final int FETCHES_MAX = 10;
    private static final Pattern POSITION = Pattern.compile("[0-9][0-9TZ:.+\\-]{9,40}#[A-Za-z0-9_\\-]{1,100}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BriefService briefs;
    private final CommentService comments;
    private final BriefIndex index;

    public SecuredBriefs(BriefService briefs, CommentService comments, BriefIndex index) {
        this.briefs = Objects.requireNonNull(briefs);
        this.comments = Objects.requireNonNull(comments);
        this.index = Objects.requireNonNull(index);
    }

    /** One page of the briefs the caller may see; {@code status} null = every status (draft first). */
    public record BriefPage(List<Brief> items, String nextCursor) {
    }

    /** An open milestone the caller owns, across briefs. */
    public record Task(String briefId, String briefTitle, BriefStatus briefStatus, String milestoneId, String name,
                       LocalDate dueDate) {
    }

    public Brief get(Principal p, String briefId) {
        return visible(p, briefId);
    }

    /**
     * @param idempotencyKey optional client key (header {@code Idempotency-Key}): the same key from the same user
     *                       creates one brief however often it is sent
     */
    public BriefResult create(Principal p, String idempotencyKey, BriefInput input) {
        String brand = input == null || input.brand() == null ? null : input.brand().name();
        if (!BriefPolicy.canCreate(p, brand)) {
            throw new ForbiddenException(p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR)
                    ? "brand '" + brand + "' is outside your brand scope"
                    : "creating briefs needs the admin, brand-manager or creator role");
        }
        if (input != null && input.requester() != null && !input.requester().equals(p.userId())
                && !BriefPolicy.canActForOthers(p)) {
            throw new ForbiddenException("only admins and brand managers create briefs for another requester");
        }
        String commandId = null;
        if (idempotencyKey != null) {
            if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw new ValidationException(new FieldError("Idempotency-Key", Codes.INVALID,
                        "an idempotency key is 1 to 128 visible ASCII characters"));
            }
            commandId = "api:" + p.userId() + ":" + idempotencyKey; // per user: keys of different users never clash
        }
        return briefs.create(new CreateBriefCommand(commandId, p.userId(), input));
    }

    public BriefResult update(Principal p, String briefId, long expectedVersion, BriefInput changes) {
        Brief current = manageable(p, briefId);
        if (changes != null) {
            String newBrand = changes.brand() == null ? null : changes.brand().name();
            if (newBrand != null && !newBrand.equals(BriefPolicy.brandOf(current)) && !p.inBrandScope(newBrand)) {
                throw new ForbiddenException("brand '" + newBrand + "' is outside your brand scope");
            }
            if (changes.requester() != null && !changes.requester().equals(current.requester())
                    && !BriefPolicy.canActForOthers(p)) {
                throw new ForbiddenException("only admins and brand managers change the requester");
            }
        }
        return briefs.update(new UpdateBriefCommand(null, p.userId(), briefId, expectedVersion, changes));
    }

    public BriefResult submit(Principal p, String briefId, long expectedVersion) {
        manageable(p, briefId);
        return briefs.transition(briefId, expectedVersion, BriefStatus.SUBMITTED, p.userId(), null);
    }

    public BriefResult addMilestone(Principal p, String briefId, long expectedVersion, String name, String owner,
                                    String dueDate) {
        manageable(p, briefId);
        return briefs.addMilestone(briefId, expectedVersion, p.userId(), name, owner, dueDate);
    }

    /** Managers change anything; a milestone's owner may only mark it done or not done. */
    public BriefResult changeMilestone(Principal p, String briefId, long expectedVersion, String milestoneId,
                                       String name, String owner, String dueDate, Boolean done) {
        Brief current = visible(p, briefId);
        boolean ownerTicking = name == null && owner == null && dueDate == null && done != null
                && current.milestones().stream().anyMatch(m -> m.id().equals(milestoneId)
                && p.userId().equals(m.owner()));
        if (!ownerTicking) {
            requireManage(p, current);
        }
        return briefs.changeMilestone(briefId, expectedVersion, p.userId(), milestoneId, name, owner, dueDate, done);
    }

    public BriefResult removeMilestone(Principal p, String briefId, long expectedVersion, String milestoneId) {
        manageable(p, briefId);
        return briefs.removeMilestone(briefId, expectedVersion, p.userId(), milestoneId);
    }

    /** Replaces the budget's money (currency and lines); the service resets its approval when the money changes. */
    public BriefResult setBudget(Principal p, String briefId, long expectedVersion, BriefInput.BudgetInput budget) {
        if (budget == null) {
            throw new ValidationException(new FieldError("budget", Codes.REQUIRED, "a budget is required"));
        }
        manageable(p, briefId);
        return briefs.update(new UpdateBriefCommand(null, p.userId(), briefId, expectedVersion,
                only(null, budget)));
    }

    /** Adds a team member (a user already on the team is a validation error from the brief rules). */
    public BriefResult addMember(Principal p, String briefId, long expectedVersion, BriefInput.MemberInput member) {
        if (member == null) {
            throw new ValidationException(new FieldError("member", Codes.REQUIRED, "a member is required"));
        }
        Brief current = manageable(p, briefId);
        List<BriefInput.MemberInput> members = new ArrayList<>();
        current.members().forEach(m -> members.add(new BriefInput.MemberInput(m.userId(), m.role().code())));
        members.add(member);
        return briefs.update(new UpdateBriefCommand(null, p.userId(), briefId, expectedVersion,
                only(members, null)));
    }

    public Comment comment(Principal p, String briefId, String body, String visibility, List<String> namedReaders) {
        visible(p, briefId);
        return comments.add(briefId, p.userId(), body, visibility, namedReaders);
    }

    public List<Comment> comments(Principal p, String briefId) {
        visible(p, briefId);
        return comments.list(briefId, p.userId());
    }

    /**
     * Briefs the caller may see, newest change first, {@code limit} at most. Hidden briefs are skipped without a trace
     * (a page may hold fewer items than asked although more follow: go on while {@code nextCursor} is set).
     */
    public BriefPage list(Principal p, String status, int limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        BriefStatus only = null;
        if (status != null) {
            only = Coded.parse(BriefStatus.class, status).orElse(null);
            if (only == null) {
                errors.add(new FieldError("status", Codes.UNKNOWN_VALUE, "status must be one of "
                        + Coded.codes(BriefStatus.class)));
            }
        }
        if (limit < 1 || limit > LIST_MAX) {
            errors.add(new FieldError("limit", Codes.INVALID, "limit must be 1.." + LIST_MAX));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<BriefStatus> queues = only != null ? List.of(only) : Arrays.asList(BriefStatus.values());
        Cursor at = cursor == null ? new Cursor(queues.get(0), null) : Cursor.decode(cursor, queues);
        List<Brief> out = new ArrayList<>();
        for (int fetches = 0; at != null && out.size() < limit && fetches < FETCHES_MAX; fetches++) {
            BriefIndex.Page page = index.byStatus(at.status, limit - out.size(), at.after);
            page.items().stream().filter(b -> BriefPolicy.canSee(p, b)).forEach(out::add);
            at = page.next() != null ? new Cursor(at.status, page.next()) : at.nextQueue(queues);
        }
        return new BriefPage(out, at == null ? null : at.encode());
    }

    /** Open milestones the caller owns on briefs that are still open, soonest first. */
    public List<Task> tasks(Principal p) {
        List<Task> out = new ArrayList<>();
        int read = 0;
        for (BriefStatus status : BriefStatus.values()) {
            if (!status.editable()) {
                continue;
            }
            String after = null;
            do {
                BriefIndex.Page page = index.byStatus(status, LIST_MAX, after);
                read += page.items().size();
                for (Brief b : page.items()) {
                    for (Milestone m : b.milestones()) {
                        if (!m.done() && p.userId().equals(m.owner())) {
                            out.add(new Task(b.id(), b.title(), b.status(), m.id(), m.name(), m.dueDate()));
                        }
                    }
                }
                after = page.next();
            } while (after != null && read < TASK_SCAN_MAX);
        }
        out.sort(Comparator.comparing(Task::dueDate).thenComparing(Task::briefId).thenComparing(Task::milestoneId));
        return out;
    }

    /**
     * Links a related brief or an asset; the caller manages this brief and must see a related one (a brief they may
     * not see is reported as missing).
     */
    public BriefResult link(Principal p, String briefId, long expectedVersion, String kind, String targetId) {
        manageable(p, briefId);
        if ("brief".equals(kind)) {
            requireVisibleTarget(p, targetId);
        }
        return briefs.link(briefId, expectedVersion, p.userId(), kind, targetId);
    }

    public BriefResult unlink(Principal p, String briefId, long expectedVersion, String kind, String targetId) {
        manageable(p, briefId);
        if ("brief".equals(kind)) {
            requireVisibleTarget(p, targetId);
        }
        return briefs.unlink(briefId, expectedVersion, p.userId(), kind, targetId);
    }

    /** Supporting documents are added by whoever manages the brief. */
    public DocumentUpload addDocument(Principal p, String briefId, long expectedVersion, String fileName,
                                      String contentType, Long size) {
        manageable(p, briefId);
        return briefs.addDocument(briefId, expectedVersion, p.userId(), fileName, contentType, size);
    }

    public BriefProgress progress(Principal p, String briefId) {
        visible(p, briefId);
        return briefs.progress(briefId);
    }

    private void requireVisibleTarget(Principal p, String targetId) {
        // Malformed ids are the service's validation error; a well-formed one must be a brief the caller sees.
        if (targetId != null && ID.matcher(targetId).matches()) {
            Brief target = briefs.find(targetId).orElse(null);
            if (target == null || !BriefPolicy.canSee(p, target)) {
                throw new NotFoundException("targetId", "no brief '" + targetId + "'");
            }
        }
    }

    private Brief visible(Principal p, String briefId) {
        if (briefId == null || !ID.matcher(briefId).matches()) {
            throw new NotFoundException("briefId", "no brief '" + briefId + "'"); // never reaches storage keys
        }
        Brief brief = briefs.get(briefId);
        if (!BriefPolicy.canSee(p, brief)) {
            // Same answer as a missing brief: whether it exists is not the caller's business.
            throw new NotFoundException("briefId", "no brief '" + briefId + "'");
        }
        return brief;
    }

    private Brief manageable(Principal p, String briefId) {
        Brief brief = visible(p, briefId);
        requireManage(p, brief);
        return brief;
    }

    private static void requireManage(Principal p, Brief brief) {
        if (!BriefPolicy.canManage(p, brief)) {
            throw new ForbiddenException("changing this brief needs its owner or manager, or a brand manager");
        }
    }

    private static BriefInput only(List<BriefInput.MemberInput> members, BriefInput.BudgetInput budget) {
        return new BriefInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                budget, members);
    }

    /** Where a listing stands: the status queue being read and the last position returned in it. */
    private record Cursor(BriefStatus status, String after) {

        Cursor nextQueue(List<BriefStatus> queues) {
            int i = queues.indexOf(status);
            return i + 1 < queues.size() ? new Cursor(queues.get(i + 1), null) : null;
        }

        String encode() {
            ObjectNode node = JSON.createObjectNode().put("s", status.code());
            if (after != null) {
                node.put("a", after);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString()
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** Anything but a cursor this class wrote for the same query is refused (tampering, wrong filter). */
        static Cursor decode(String cursor, List<BriefStatus> queues) {
            try {
                if (cursor.length() > 400) {
                    throw new IllegalArgumentException("too long");
                }
                JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
                BriefStatus status = Coded.parse(BriefStatus.class, node.path("s").asText(null)).orElse(null);
                JsonNode after = node.get("a");
                if (status == null || !queues.contains(status) || node.size() > 2
                        || after != null && !(after.isTextual() && POSITION.matcher(after.asText()).matches())) {
                    throw new IllegalArgumentException("not a cursor of this listing");
                }
                return new Cursor(status, after == null ? null : after.asText());
            } catch (IOException | IllegalArgumentException e) {
                throw new ValidationException(new FieldError("cursor", Codes.INVALID,
                        "cursor is not one returned by this listing; start again without it"));
            }
        }
    }
}
