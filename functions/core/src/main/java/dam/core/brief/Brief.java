package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A creative brief (issue 5). Flat so that its JSON — in events, table items and API bodies — reads naturally.
 * {@code version} is the optimistic-concurrency version (1 after creation, +1 per change); {@code auditHash} is the
 * head of its audit chain. Disclaimers and {@code legalApprovalRequired} are derived from the rules on every change.
 * Text fields are stored exactly as given: they are plain text, never HTML, and whoever renders them escapes them.
 */
public record Brief(String id, long version, BriefStatus status,
                    String title, List<String> objectives, String keyMessage, String audience,
                    Set<Channel> channels, List<String> regions, List<Deliverable> deliverables,
                    List<String> mandatoryElements, Brand brand, String requester, LocalDate dueDate,
                    List<String> tags, Set<ClaimType> claims, List<Milestone> milestones, Budget budget,
                    List<Member> members, List<Approver> approvals, List<AppliedDisclaimer> disclaimers,
                    boolean legalApprovalRequired, Instant createdAt, Instant updatedAt, String auditHash,
                    List<BriefLink> links, List<BriefDocument> documents) {

    public Brief {
        // Sorted sets give a stable JSON order (hashes, diffs and tests don't depend on Set iteration order).
        channels = sorted(channels);
        claims = sorted(claims);
        objectives = List.copyOf(objectives);
        regions = List.copyOf(regions);
        deliverables = List.copyOf(deliverables);
        mandatoryElements = List.copyOf(mandatoryElements);
        tags = List.copyOf(tags);
        milestones = List.copyOf(milestones);
        members = List.copyOf(members);
        // Briefs stored before named approvers existed read as having none.
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        disclaimers = List.copyOf(disclaimers);
        // Briefs stored before links and documents existed read as having none.
        links = links == null ? List.of() : List.copyOf(links);
        documents = documents == null ? List.of() : List.copyOf(documents);
    }

    static Brief of(String id, long version, BriefStatus status, BriefContent c, List<AppliedDisclaimer> disclaimers,
                    Instant createdAt, Instant updatedAt, String auditHash) {
        boolean legal = disclaimers.stream().anyMatch(AppliedDisclaimer::legalApprovalRequired);
        return new Brief(id, version, status, c.title(), c.objectives(), c.keyMessage(), c.audience(), c.channels(),
                c.regions(), c.deliverables(), c.mandatoryElements(), c.brand(), c.requester(), c.dueDate(), c.tags(),
                c.claims(), c.milestones(), c.budget(), c.members(), c.approvals(), disclaimers, legal, createdAt, updatedAt,
                auditHash, List.of(), List.of());
    }

    /** This brief with other links and documents (they are not content: they change no disclaimer or approval). */
    Brief withAttachments(List<BriefLink> newLinks, List<BriefDocument> newDocuments) {
        return new Brief(id, version, status, title, objectives, keyMessage, audience, channels, regions, deliverables,
                mandatoryElements, brand, requester, dueDate, tags, claims, milestones, budget, members, approvals,
                disclaimers, legalApprovalRequired, createdAt, updatedAt, auditHash, newLinks, newDocuments);
    }

    /** Whether this brief links to {@code targetId} of {@code kind}. */
    public boolean linksTo(BriefLink.Kind kind, String targetId) {
        return links.stream().anyMatch(l -> l.same(kind, targetId));
    }

    @JsonIgnore
    public BriefContent content() {
        return new BriefContent(title, objectives, keyMessage, audience, channels, regions, deliverables,
                mandatoryElements, brand, requester, dueDate, tags, claims, milestones, budget, members, approvals);
    }

    /**
     * The requester, every named member and every named approver form the team (comments with group visibility,
     * reads): approvers judge the brief, so they read and write its discussion.
     */
    public boolean isTeamMember(String userId) {
        return userId != null && (userId.equals(requester)
                || members.stream().anyMatch(m -> m.userId().equals(userId))
                || approvals.stream().anyMatch(a -> a.approver().equalsIgnoreCase(userId)));
    }

    /** The approvers of one kind (empty when none is named). */
    public List<Approver> approvers(ApprovalKind kind) {
        return approvals.stream().filter(a -> a.kind() == kind).toList();
    }

    Brief next(BriefStatus newStatus, BriefContent c, List<AppliedDisclaimer> newDisclaimers, Instant at,
               String newAuditHash) {
        return of(id, version + 1, newStatus, c, newDisclaimers, createdAt, at, newAuditHash)
                .withAttachments(links, documents);
    }

    private static <E extends Enum<E>> Set<E> sorted(Set<E> in) {
        TreeSet<E> s = new TreeSet<>(Comparator.naturalOrder());
        s.addAll(in);
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(s));
    }
}
