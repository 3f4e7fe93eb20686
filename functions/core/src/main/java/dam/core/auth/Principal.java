package dam.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller, taken from verified JWT claims (API Gateway's JWT authorizer in AWS, the local API Gateway
 * provider locally). {@code brands} are brand scopes; an admin with no brands is scoped to every brand, anyone else
 * with no brands to none.
 */
public record Principal(String userId, String email, Set<Role> roles, Set<String> brands, Set<String> collections) {

    public static final String SUB = "sub";
    public static final String EMAIL = "email";
    public static final String GROUPS = "cognito:groups";
    public static final String BRANDS = "custom:brands";
    /** The collections an external user was given: their whole library scope. */
    public static final String COLLECTIONS = "custom:collections";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Principal {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a principal needs a user id");
        }
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        brands = Collections.unmodifiableSet(new LinkedHashSet<>(brands));
        collections = collections == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(collections));
    }

    /** A caller scoped by brands only (no collection scope). */
    public Principal(String userId, String email, Set<Role> roles, Set<String> brands) {
        this(userId, email, roles, brands, Set.of());
    }

    /**
     * Reads the claims API Gateway passes to Lambda ({@code requestContext.authorizer.jwt.claims}): every value is a
     * string, arrays arrive as {@code [admin creator]} or as a JSON array. Groups that are not product roles are
     * ignored (a pool may have other groups). A missing {@code sub} is refused: the token was not one of ours.
     */
    public static Principal fromClaims(Map<String, String> claims) {
        Objects.requireNonNull(claims, "claims");
        String sub = claims.get(SUB);
        if (sub == null || sub.isBlank()) {
            throw new IllegalArgumentException("the token has no '" + SUB + "' claim");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String group : list(claims.get(GROUPS), true)) {
            Role.parse(group).ifPresent(roles::add);
        }
        String email = claims.get(EMAIL);
        return new Principal(sub.trim(), email == null || email.isBlank() ? null : email.trim(), roles,
                new LinkedHashSet<>(list(claims.get(BRANDS), false)),
                new LinkedHashSet<>(list(claims.get(COLLECTIONS), true)));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        for (Role r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller's brand scope covers {@code brand} (brand names compare case-insensitively). */
    public boolean inBrandScope(String brand) {
        if (has(Role.ADMIN) && brands.isEmpty()) {
            return true;
        }
        if (brand == null) {
            return false;
        }
        String wanted = brand.trim().toLowerCase(Locale.ROOT);
        return brands.stream().anyMatch(b -> b.toLowerCase(Locale.ROOT).equals(wanted));
    }

    /**
     * One string claim as a list: a JSON array ({@code ["a","b"]}), API Gateway's rendering of an array
     * ({@code [a b]}), or a plain comma-separated value. Brands may contain spaces, so only groups also split on them.
     */
    static List<String> list(String raw, boolean splitOnSpaces) {
        List<String> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        String s = raw.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            JsonNode array = jsonArray(s);
            if (array != null) {
                array.forEach(n -> add(out, n.asText()));
                return out;
            }
            s = s.substring(1, s.length() - 1);
            splitOnSpaces = true; // "[a b]" is how API Gateway flattens an array: its elements are space-separated
        }
        for (String part : s.split(splitOnSpaces ? "[,\\s]+" : ",")) {
            add(out, part);
        }
        return out;
    }

    private static JsonNode jsonArray(String s) {
        if (!s.contains("\"")) {
            return null; // "[a b]": not JSON
        }
        try {
            JsonNode node = JSON.readTree(s);
            return node != null && node.isArray() ? node : null;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a claim looks like a JSON array but is not one: " + s, e);
        }
    }

    private static void add(List<String> out, String value) {
        String v = value.trim();
        if (!v.isEmpty() && !out.contains(v)) {
            out.add(v);
        }
    }
}
