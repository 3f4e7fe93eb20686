package dam.core.library;

import dam.core.auth.Principal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A caller of the library: the authenticated {@link Principal} plus what scopes it beyond brands — the collections
 * an external user was given (claim {@code custom:collections}) and the briefs whose team the caller is on (looked up
 * by the caller's service; drafts and assets in review are visible to that team).
 */
public record Viewer(Principal principal, Set<String> collections, Set<String> teamBriefs) {

    public static final String COLLECTIONS = Principal.COLLECTIONS;

    public Viewer {
        Objects.requireNonNull(principal, "principal");
        collections = collections == null ? Set.of() : Set.copyOf(collections);
        teamBriefs = teamBriefs == null ? Set.of() : Set.copyOf(teamBriefs);
    }

    /** The principal with the collection scope its token carried. */
    public static Viewer of(Principal principal) {
        return new Viewer(principal, principal.collections(), Set.of());
    }

    /** The principal and its collection scope from the same verified claims. */
    public static Viewer fromClaims(Map<String, String> claims) {
        return of(Principal.fromClaims(claims));
    }

    public Viewer withTeamBriefs(Set<String> briefs) {
        return new Viewer(principal, collections, briefs);
    }

    public String userId() {
        return principal.userId();
    }
}
