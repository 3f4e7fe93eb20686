package dam.core.library;

import dam.core.auth.Principal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A caller of the library: the authenticated {@link Principal} plus what scopes it beyond brands — the collections
 * an external user was given (claim {@code custom:collections}) and the briefs whose team the caller is on (looked up
 * by the caller's service; drafts and assets in review are visible to that team).
 */
public record Viewer(Principal principal, Set<String> collections, Set<String> teamBriefs) {

    public static final String COLLECTIONS = "custom:collections";

    public Viewer {
        Objects.requireNonNull(principal, "principal");
        collections = collections == null ? Set.of() : Set.copyOf(collections);
        teamBriefs = teamBriefs == null ? Set.of() : Set.copyOf(teamBriefs);
    }

    public static Viewer of(Principal principal) {
        return new Viewer(principal, Set.of(), Set.of());
    }

    /** The principal and its collection scope from the same verified claims. */
    public static Viewer fromClaims(Map<String, String> claims) {
        Set<String> collections = new LinkedHashSet<>();
        String raw = claims.get(COLLECTIONS);
        if (raw != null) {
            for (String part : raw.replace("[", "").replace("]", "").replace("\"", "").split("[,\\s]+")) {
                if (!part.isBlank()) {
                    collections.add(part.trim());
                }
            }
        }
        return new Viewer(Principal.fromClaims(claims), collections, Set.of());
    }

    public Viewer withTeamBriefs(Set<String> briefs) {
        return new Viewer(principal, collections, briefs);
    }

    public String userId() {
        return principal.userId();
    }
}
