package dam.core.brief;

import java.math.BigDecimal;
import java.util.List;

/**
 * Raw brief fields as a client sends them (strings, not enums, so an unknown channel becomes a field error rather than
 * a parse failure). On create, required fields must be present; on update, a null field means "unchanged" and a
 * present one replaces the stored value (an empty list clears it).
 */
public record BriefInput(String title, List<String> objectives, String keyMessage, String audience,
                         List<String> channels, List<String> regions, List<DeliverableInput> deliverables,
                         List<String> mandatoryElements, BrandInput brand, String requester, String dueDate,
                         List<String> tags, List<String> claims, List<MilestoneInput> milestones,
                         BudgetInput budget, List<MemberInput> members, List<ApproverInput> approvals) {

    /** Without approvals (the form before named approvers existed; kept so existing callers compile). */
    public BriefInput(String title, List<String> objectives, String keyMessage, String audience,
                      List<String> channels, List<String> regions, List<DeliverableInput> deliverables,
                      List<String> mandatoryElements, BrandInput brand, String requester, String dueDate,
                      List<String> tags, List<String> claims, List<MilestoneInput> milestones,
                      BudgetInput budget, List<MemberInput> members) {
        this(title, objectives, keyMessage, audience, channels, regions, deliverables, mandatoryElements, brand,
                requester, dueDate, tags, claims, milestones, budget, members, null);
    }

    public record DeliverableInput(String channel, String format, String spec, Integer quantity) {
    }

    public record BrandInput(String name, String guidelinesUrl) {
    }

    /** {@code id} names an existing milestone to keep its identity (and its reminders); null adds a new one. */
    public record MilestoneInput(String id, String name, String owner, String dueDate, Boolean done) {
    }

    public record BudgetInput(String currency, List<BudgetLineInput> lines) {
    }

    public record BudgetLineInput(String id, String description, BigDecimal amount) {
    }

    public record MemberInput(String userId, String role) {
    }

    /** A named approver: {@code kind} is brief | budget | timeline | fine_print, {@code approver} an email address. */
    public record ApproverInput(String kind, String approver) {
    }

    /** An input with nothing set (a base for updates and tests). */
    public static BriefInput empty() {
        return new BriefInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** The raw form of stored content, so an update can be validated as a whole (changes overlaid on this). */
    static BriefInput of(BriefContent c) {
        return new BriefInput(c.title(), c.objectives(), c.keyMessage(), c.audience(),
                c.channels().stream().map(Channel::code).toList(), c.regions(),
                c.deliverables().stream().map(d -> new DeliverableInput(d.channel().code(), d.format(), d.spec(),
                        d.quantity())).toList(),
                c.mandatoryElements(),
                c.brand() == null ? null : new BrandInput(c.brand().name(), c.brand().guidelinesUrl()),
                c.requester(), c.dueDate() == null ? null : c.dueDate().toString(), c.tags(),
                c.claims().stream().map(ClaimType::code).toList(),
                c.milestones().stream().map(m -> new MilestoneInput(m.id(), m.name(), m.owner(),
                        m.dueDate().toString(), m.done())).toList(),
                c.budget() == null ? null : new BudgetInput(c.budget().currency(), c.budget().lines().stream()
                        .map(l -> new BudgetLineInput(l.id(), l.description(), l.amount())).toList()),
                c.members().stream().map(m -> new MemberInput(m.userId(), m.role().code())).toList(),
                c.approvals().stream().map(a -> new ApproverInput(a.kind().code(), a.approver())).toList());
    }

    /** This input with every non-null field of {@code changes} replacing its own. */
    BriefInput overlay(BriefInput changes) {
        return new BriefInput(
                pick(changes.title, title), pick(changes.objectives, objectives), pick(changes.keyMessage, keyMessage),
                pick(changes.audience, audience), pick(changes.channels, channels), pick(changes.regions, regions),
                pick(changes.deliverables, deliverables), pick(changes.mandatoryElements, mandatoryElements),
                pick(changes.brand, brand), pick(changes.requester, requester), pick(changes.dueDate, dueDate),
                pick(changes.tags, tags), pick(changes.claims, claims), pick(changes.milestones, milestones),
                pick(changes.budget, budget), pick(changes.members, members), pick(changes.approvals, approvals));
    }

    private static <T> T pick(T changed, T current) {
        return changed != null ? changed : current;
    }
}
