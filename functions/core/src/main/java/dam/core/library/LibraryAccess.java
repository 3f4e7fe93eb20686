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

    /** Where an asset stands and whether the caller is on its brief team (who may see it before approval). */
    public interface Standing {
        Place place(Principal p, Asset a);
    }

    /** @param collections the asset's collections among those the caller was given (an external's scope) */
    public record Place(Visibility visibility, boolean onTeam, Set<String> collections) {

        public Place {
            collections = collections == null ? Set.of() : Set.copyOf(collections);
        }

        public Place(Visibility visibility, boolean onTeam) {
            this(visibility, onTeam, Set.of());
        }
    }

    private final Standing standing;

    /** @param standing reads the asset's actual state ({@link AssetStanding} in the product) */
    public LibraryAccess(Standing standing) {
        this.standing = Objects.requireNonNull(standing);
    }

    /** Every asset at a fixed visibility, the team being its uploader: tests of rules that do not depend on it. */
    public static LibraryAccess fixed(Function<Asset, Visibility> visibility) {
        Objects.requireNonNull(visibility);
        return new LibraryAccess((p, a) -> new Place(visibility.apply(a), p.userId().equals(a.createdBy())));
    }

    /** Every asset counts as approved (part of its brand's library). */
    public static LibraryAccess brandLibrary() {
        return fixed(a -> Visibility.APPROVED);
    }

    /** The decision for one action, for callers that answer with the reason instead of an exception (share pages). */
    public Decision decide(Principal p, Action action, Asset a) {
        Place place = standing.place(p, a);
        Viewer viewer = Viewer.of(p);
        if (place.onTeam() && a.briefId() != null) {
            viewer = viewer.withTeamBriefs(Set.of(a.briefId()));
        }
        return LibraryPolicy.decide(viewer, action, new LibraryAsset(a.id(), a.brand(), a.briefId(), a.createdBy(),
                place.visibility(), place.collections()));
    }

    /** Where the asset stands (for a share link: still approved and not expired?). */
    public Visibility visibility(Principal p, Asset a) {
        return standing.place(p, a).visibility();
    }

    public void require(Principal p, Action action, Asset a) {
        decide(p, action, a).orThrow(a.id());
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
}
