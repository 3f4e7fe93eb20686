package dam.core.auth;

import dam.core.brief.Brief;
import dam.core.brief.MemberRole;

/**
 * Who may do what with a brief (deny by default). The brief team — requester and members — sees its brief; admins,
 * brand managers and legal see every brief of the brands in their scope. Managing (editing, submitting, milestones,
 * budget, members) is for admins and brand managers in scope, the requester, and members with the owner or manager
 * role. Creating needs the admin, brand-manager or creator role and the brand in scope.
 */
public final class BriefPolicy {

    private BriefPolicy() {
    }

    public static boolean canSee(Principal p, Brief brief) {
        return brief.isTeamMember(p.userId())
                || p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL) && p.inBrandScope(brandOf(brief));
    }

    public static boolean canManage(Principal p, Brief brief) {
        if (p.hasAny(Role.ADMIN, Role.BRAND_MANAGER) && p.inBrandScope(brandOf(brief))) {
            return true;
        }
        return p.userId().equals(brief.requester()) || brief.members().stream().anyMatch(m ->
                m.userId().equals(p.userId()) && (m.role() == MemberRole.OWNER || m.role() == MemberRole.MANAGER));
    }

    /** @param brand the new brief's brand name, or null when the input has none (validation reports that) */
    public static boolean canCreate(Principal p, String brand) {
        return p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR) && (brand == null || p.inBrandScope(brand));
    }

    /** Acting for someone else (another requester, another brand) is for admins and brand managers. */
    public static boolean canActForOthers(Principal p) {
        return p.hasAny(Role.ADMIN, Role.BRAND_MANAGER);
    }

    static String brandOf(Brief brief) {
        return brief.brand() == null ? null : brief.brand().name();
    }
}
