package dam.core.review;

import dam.core.FieldError;
import dam.core.ValidationException;
import dam.core.brief.ApprovalKind;
import dam.core.brief.Brief;
import dam.core.brief.Member;
import dam.core.brief.MemberRole;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stages of an asset review, from its brief: {@code brand} (managers and reviewers of the brief team, all must
 * approve), {@code legal} (legal members or fine-print approvers — added only when the brief's disclaimers require
 * legal approval, and then required), {@code stakeholder} (approvers and owners, any one suffices). A stage without
 * people is left out; every stage escalates to the brief's requester.
 */
public final class ReviewSetup {

    public static final String BRAND = "brand";
    public static final String LEGAL = "legal";
    public static final String STAKEHOLDER = "stakeholder";

    private final ReviewSettings settings;

    public ReviewSetup(ReviewSettings settings) {
        this.settings = settings;
    }

    public List<StageSpec> fromBrief(Brief brief) {
        List<StageSpec> stages = new ArrayList<>();
        Set<String> brand = people(brief, Set.of(MemberRole.MANAGER, MemberRole.REVIEWER), null);
        if (!brand.isEmpty()) {
            stages.add(new StageSpec(BRAND, StageRule.ALL, List.copyOf(brand), brief.requester(), settings.stageDue()));
        }
        if (brief.legalApprovalRequired()) {
            Set<String> legal = people(brief, Set.of(MemberRole.LEGAL), ApprovalKind.FINE_PRINT);
            if (legal.isEmpty()) {
                legal.addAll(settings.defaultLegalReviewers());
            }
            if (legal.isEmpty()) {
                throw new ValidationException(new FieldError("brief.members", FieldError.Codes.REQUIRED,
                        "the brief's disclaimers require legal approval, but it names no legal reviewer"));
            }
            stages.add(new StageSpec(LEGAL, StageRule.ALL, List.copyOf(legal), brief.requester(), settings.stageDue()));
        }
        Set<String> stakeholders = people(brief, Set.of(MemberRole.APPROVER, MemberRole.OWNER), null);
        if (!stakeholders.isEmpty()) {
            stages.add(new StageSpec(STAKEHOLDER, StageRule.ANY, List.copyOf(stakeholders), brief.requester(),
                    settings.stageDue()));
        }
        return stages;
    }

    private static Set<String> people(Brief brief, Set<MemberRole> roles, ApprovalKind kind) {
        Set<String> out = new LinkedHashSet<>();
        for (Member m : brief.members()) {
            if (roles.contains(m.role())) {
                out.add(m.userId().trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (kind != null) {
            brief.approvers(kind).forEach(a -> out.add(a.approver().trim().toLowerCase(java.util.Locale.ROOT)));
        }
        return out;
    }
}
