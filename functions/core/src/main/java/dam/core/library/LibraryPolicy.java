package dam.core.library;

import dam.core.auth.Principal;
import dam.core.auth.Role;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dam.core.library.Action.APPROVE;
import static dam.core.library.Action.DELETE;
import static dam.core.library.Action.DOWNLOAD;
import static dam.core.library.Action.EDIT;
import static dam.core.library.Action.SEARCH;
import static dam.core.library.Action.SHARE;
import static dam.core.library.Action.VIEW;

/**
 * Who may do what with a library asset — deny by default, one place for every read and write (search, view,
 * download, share, edit, approve, delete). A decision is made in three steps:
 * <ol>
 *   <li><b>visibility</b>: approved assets belong to the library of their brand (for externals: to the collections
 *   they were given); drafts and assets in review only to their brief team (uploader, members of the brief) and to
 *   admins in scope; expired and archived assets only to admins. Not visible → {@link Decision#hidden()} (404).</li>
 *   <li><b>role</b>: {@link #GRANTS} says which actions each role has on what it can see; several roles add up.
 *   Missing → denied with a reason (403).</li>
 *   <li><b>state</b>: only assets in review are approved; only approved assets are shared; expired assets are not
 *   downloaded or shared (their usage rights ran out); archived assets are not shared.</li>
 * </ol>
 * {@link #searchScope} states the same visibility rule as set filters, so search results match {@link #decide}.
 */
public final class LibraryPolicy {

    /** Actions per role on assets the caller can see. */
    public static final Map<Role, Set<Action>> GRANTS = grants();

    private LibraryPolicy() {
    }

    private static Map<Role, Set<Action>> grants() {
        Map<Role, Set<Action>> g = new EnumMap<>(Role.class);
        g.put(Role.ADMIN, EnumSet.allOf(Action.class));
        g.put(Role.BRAND_MANAGER, EnumSet.allOf(Action.class));
        g.put(Role.CREATOR, EnumSet.of(SEARCH, VIEW, DOWNLOAD, EDIT));
        g.put(Role.REVIEWER, EnumSet.of(SEARCH, VIEW, DOWNLOAD, APPROVE));
        g.put(Role.LEGAL, EnumSet.of(SEARCH, VIEW, DOWNLOAD, APPROVE));
        g.put(Role.VIEWER, EnumSet.of(SEARCH, VIEW, DOWNLOAD));
        g.put(Role.EXTERNAL, EnumSet.of(SEARCH, VIEW, DOWNLOAD));
        g.replaceAll((r, s) -> Collections.unmodifiableSet(s));
        return Collections.unmodifiableMap(g);
    }

    public static Decision decide(Viewer viewer, Action action, LibraryAsset asset) {
        Principal p = viewer.principal();
        Set<Role> seeing = seeingRoles(viewer, asset);
        if (seeing.isEmpty()) {
            return Decision.hide(hiddenReason(viewer, asset));
        }
        if (seeing.stream().noneMatch(r -> GRANTS.get(r).contains(action))) {
            return Decision.deny(action.code() + " needs one of the roles " + rolesGranting(action)
                    + "; you have " + p.roles().stream().map(Role::code).toList());
        }
        Visibility v = asset.visibility();
        if (action == APPROVE && v != Visibility.IN_REVIEW) {
            return Decision.deny("only assets in review are approved; this one is " + v.code());
        }
        if (action == SHARE && v != Visibility.APPROVED) {
            return Decision.deny("only approved assets are shared; this one is " + v.code());
        }
        if (action == DOWNLOAD && v == Visibility.EXPIRED) {
            return Decision.deny("the asset's usage rights have expired");
        }
        if (action == DELETE && v.teamOnly() && !seeing.contains(Role.ADMIN) && !seeing.contains(Role.BRAND_MANAGER)) {
            return Decision.deny("drafts are deleted by admins and brand managers");
        }
        return Decision.allow(action.code() + " allowed for " + seeing.stream().map(Role::code).toList());
    }

    public static boolean allowed(Viewer viewer, Action action, LibraryAsset asset) {
        return decide(viewer, action, asset).allowed();
    }

    /** The caller's roles that can see the asset at all (visibility + scope). */
    static Set<Role> seeingRoles(Viewer viewer, LibraryAsset asset) {
        Principal p = viewer.principal();
        Set<Role> out = EnumSet.noneOf(Role.class);
        boolean team = onTeam(viewer, asset);
        for (Role r : p.roles()) {
            boolean sees = switch (asset.visibility()) {
                case APPROVED -> r == Role.EXTERNAL ? inCollections(viewer, asset) : p.inBrandScope(asset.brand());
                case DRAFT, IN_REVIEW -> r == Role.ADMIN && p.inBrandScope(asset.brand()) || team;
                case EXPIRED, ARCHIVED -> r == Role.ADMIN && p.inBrandScope(asset.brand());
            };
            if (sees) {
                out.add(r);
            }
        }
        return out;
    }

    /** The brief team: who uploaded it, and members of its brief (the caller's service says which briefs). */
    static boolean onTeam(Viewer viewer, LibraryAsset asset) {
        return viewer.userId().equals(asset.uploader())
                || asset.briefId() != null && viewer.teamBriefs().contains(asset.briefId());
    }

    private static boolean inCollections(Viewer viewer, LibraryAsset asset) {
        return asset.collections().stream().anyMatch(viewer.collections()::contains);
    }

    private static String hiddenReason(Viewer viewer, LibraryAsset asset) {
        if (viewer.principal().roles().isEmpty()) {
            return "no library role";
        }
        return switch (asset.visibility()) {
            case APPROVED -> "outside your brand or collection scope";
            case DRAFT, IN_REVIEW -> "visible only to its brief team until approved";
            case EXPIRED, ARCHIVED -> asset.visibility().code() + " assets are visible only to admins";
        };
    }

    private static Set<String> rolesGranting(Action action) {
        Set<String> out = new java.util.TreeSet<>();
        GRANTS.forEach((r, s) -> {
            if (s.contains(action)) {
                out.add(r.code());
            }
        });
        return out;
    }

    /**
     * The assets a search may return, as set filters an index can evaluate: (brand in {@code brands} or every brand,
     * visibility in {@code brandVisibilities}) ∪ (collection in {@code collections}, approved) ∪ (uploaded by
     * {@code uploader} or brief in {@code teamBriefs}, draft or in review). Mirrors {@link #decide} for SEARCH.
     */
    public static SearchScope searchScope(Viewer viewer) {
        Principal p = viewer.principal();
        boolean searcher = p.roles().stream().anyMatch(r -> GRANTS.get(r).contains(SEARCH));
        if (!searcher) {
            return SearchScope.NOTHING;
        }
        Set<Visibility> brandVis = EnumSet.noneOf(Visibility.class);
        if (p.roles().stream().anyMatch(r -> r != Role.EXTERNAL)) {
            brandVis.add(Visibility.APPROVED);
        }
        if (p.has(Role.ADMIN)) {
            brandVis.addAll(EnumSet.allOf(Visibility.class));
        }
        boolean allBrands = p.has(Role.ADMIN) && p.brands().isEmpty();
        Set<String> brands = brandVis.isEmpty() ? Set.of() : new HashSet<>(p.brands());
        Set<String> collections = p.has(Role.EXTERNAL) ? viewer.collections() : Set.of();
        return new SearchScope(allBrands && !brandVis.isEmpty(), brands, brandVis, collections, viewer.userId(),
                viewer.teamBriefs());
    }
}
