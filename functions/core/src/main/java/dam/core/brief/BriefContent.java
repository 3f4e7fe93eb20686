package dam.core.brief;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** The validated, user-editable part of a brief (everything but identity, status, derived and audit fields). */
public record BriefContent(String title, List<String> objectives, String keyMessage, String audience,
                           Set<Channel> channels, List<String> regions, List<Deliverable> deliverables,
                           List<String> mandatoryElements, Brand brand, String requester, LocalDate dueDate,
                           List<String> tags, Set<ClaimType> claims, List<Milestone> milestones, Budget budget,
                           List<Member> members, List<Approver> approvals) {

    /** Without approvals (kept so existing callers compile). */
    public BriefContent(String title, List<String> objectives, String keyMessage, String audience,
                        Set<Channel> channels, List<String> regions, List<Deliverable> deliverables,
                        List<String> mandatoryElements, Brand brand, String requester, LocalDate dueDate,
                        List<String> tags, Set<ClaimType> claims, List<Milestone> milestones, Budget budget,
                        List<Member> members) {
        this(title, objectives, keyMessage, audience, channels, regions, deliverables, mandatoryElements, brand,
                requester, dueDate, tags, claims, milestones, budget, members, List.of());
    }

    public BriefContent {
        objectives = List.copyOf(objectives);
        channels = Set.copyOf(channels);
        regions = List.copyOf(regions);
        deliverables = List.copyOf(deliverables);
        mandatoryElements = List.copyOf(mandatoryElements);
        tags = List.copyOf(tags);
        claims = Set.copyOf(claims);
        milestones = List.copyOf(milestones);
        members = List.copyOf(members);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /** This content with another budget (approval state changes keep everything else). */
    BriefContent withBudget(Budget newBudget) {
        return new BriefContent(title, objectives, keyMessage, audience, channels, regions, deliverables,
                mandatoryElements, brand, requester, dueDate, tags, claims, milestones, newBudget, members, approvals);
    }
}
