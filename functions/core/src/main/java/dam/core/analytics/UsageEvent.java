package dam.core.analytics;

import dam.core.auth.Principal;
import dam.core.auth.Role;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One use, as the request path records it: who (user and team), what (kind, asset — none for a search), how
 * ({@code via}: {@code library}, {@code share-link}, or the placement's channel) and when. {@code id} is unique per
 * use and is what the aggregator de-duplicates on, so a redelivered event is counted once.
 */
public record UsageEvent(String id, UsageKind kind, String assetId, String userId, String team, String via,
                         Instant at) {

    /** Signed-in users have no team claim yet, so their team is their leading role (admin before brand-manager…). */
    static final List<Role> TEAM_ORDER = List.of(Role.ADMIN, Role.BRAND_MANAGER, Role.LEGAL, Role.REVIEWER,
            Role.CREATOR, Role.VIEWER, Role.EXTERNAL);
    public static final String LIBRARY = "library";
    public static final String SHARE_LINK = "share-link";
    public static final String EXTERNAL_TEAM = "external (share link)";

    public UsageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(at, "at");
        if (kind != UsageKind.SEARCH && (assetId == null || assetId.isBlank())) {
            throw new IllegalArgumentException(kind.code() + " needs an asset");
        }
        team = team == null || team.isBlank() ? "none" : team;
        via = via == null || via.isBlank() ? LIBRARY : via;
    }

    /** A signed-in user's use through the library (API or console). */
    public static UsageEvent of(String id, UsageKind kind, Principal who, String assetId, Instant at) {
        return new UsageEvent(id, kind, assetId, who.userId(), team(who), LIBRARY, at);
    }

    public static String team(Principal who) {
        return TEAM_ORDER.stream().filter(who::has).findFirst().map(Role::code).orElse("none");
    }
}
