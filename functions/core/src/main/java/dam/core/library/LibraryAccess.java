package dam.core.library;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.asset.Asset;
import dam.core.auth.Principal;
import dam.core.auth.Role;

/**
 * Who may do what with library assets (downloads, rights, focal points, presets). An asset outside the caller's
 * scope is a 404 exactly like a missing one; one they may see but not change is a 403.
 */
public final class LibraryAccess {

    /** May see the asset at all (external users only through share links). */
    public void requireRead(Principal p, Asset a) {
        if (p.roles().isEmpty() || p.has(Role.EXTERNAL) && p.roles().size() == 1 || !p.inBrandScope(a.brand())) {
            throw new NotFoundException("assetId", "asset not found");
        }
    }

    public void requireDownload(Principal p, Asset a) {
        requireRead(p, a);
    }

    /** Focal point and edits: the people who make and manage the brand's content. */
    public void requireEdit(Principal p, Asset a) {
        requireRead(p, a);
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR)) {
            throw new ForbiddenException("you may not change assets of brand " + a.brand());
        }
    }

    /** Rights records: legal and brand managers (and admins). */
    public void requireRights(Principal p, Asset a) {
        requireRead(p, a);
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL)) {
            throw new ForbiddenException("only legal, brand managers and admins record rights for " + a.brand());
        }
    }

    /** Share links: anyone who may download, except viewers (who only look). */
    public void requireShare(Principal p, Asset a) {
        requireRead(p, a);
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR, Role.LEGAL)) {
            throw new ForbiddenException("you may not share assets of brand " + a.brand());
        }
    }

    /** A brand's presets: its managers and admins. */
    public void requirePresetAdmin(Principal p, String brand) {
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER) || !p.inBrandScope(brand)) {
            throw new ForbiddenException("only admins and brand managers of " + brand + " set its presets");
        }
    }
}
