package dam.core.library;

import dam.core.ForbiddenException;
import dam.core.asset.Asset;
import dam.core.auth.Principal;
import dam.core.auth.Role;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The library checks of downloads, rights, focal points, presets and shares, made with {@link LibraryPolicy}: hidden
 * assets are a 404 exactly like missing ones, visible but not allowed a 403 with the policy's reason. Rights records
 * and presets add their own role rule on top (legal records rights; brand managers set presets).
 */
public final class LibraryAccess {

    private final Function<Asset, Visibility> visibility;

    /** @param visibility where an asset stands for the library (approved, in review, …) */
    public LibraryAccess(Function<Asset, Visibility> visibility) {
        this.visibility = Objects.requireNonNull(visibility);
    }

    /**
     * Until review outcomes are recorded on the asset item, every asset counts as part of its brand's library
     * (approved): what reaches downloads has passed ingest.
     */
    public static LibraryAccess brandLibrary() {
        return new LibraryAccess(a -> Visibility.APPROVED);
    }

    public void require(Principal p, Action action, Asset a) {
        LibraryPolicy.decide(Viewer.of(p), action, libraryAsset(a)).orThrow(a.id());
    }

    public void requireRead(Principal p, Asset a) {
        require(p, Action.VIEW, a);
    }

    public void requireDownload(Principal p, Asset a) {
        require(p, Action.DOWNLOAD, a);
    }

    /** Focal point and edits. */
    public void requireEdit(Principal p, Asset a) {
        require(p, Action.EDIT, a);
    }

    /** Rights records: legal, brand managers and admins who can see the asset. */
    public void requireRights(Principal p, Asset a) {
        requireRead(p, a);
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL)) {
            throw new ForbiddenException("only legal, brand managers and admins record rights for " + a.brand());
        }
    }

    public void requireShare(Principal p, Asset a) {
        require(p, Action.SHARE, a);
    }

    /** A brand's presets: its managers and admins. */
    public void requirePresetAdmin(Principal p, String brand) {
        if (!p.hasAny(Role.ADMIN, Role.BRAND_MANAGER) || !p.inBrandScope(brand)) {
            throw new ForbiddenException("only admins and brand managers of " + brand + " set its presets");
        }
    }

    public LibraryAsset libraryAsset(Asset a) {
        return new LibraryAsset(a.id(), a.brand(), a.briefId(), a.createdBy(), visibility.apply(a), Set.of());
    }
}
