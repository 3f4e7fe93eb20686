package dam.local.apigateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed route key: {@code $default}, or {@code METHOD /literal/{param}/{proxy+}} with {@code ANY} matching every
 * method. Paths are case-sensitive; a greedy variable must be the last segment and matches one or more segments.
 */
public record RouteKey(String text, String method, List<Segment> segments) {

    static final String DEFAULT = "$default";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "ANY");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9._-]+)(\\+?)}");

    public enum Kind { GREEDY, VARIABLE, LITERAL }

    public record Segment(Kind kind, String value) {
    }

    public static RouteKey parse(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a route key is required, e.g. \"GET /briefs/{id}\" or \"$default\"");
        }
        if (key.equals(DEFAULT)) {
            return new RouteKey(key, "ANY", List.of());
        }
        int space = key.indexOf(' ');
        if (space < 0 || !METHODS.contains(key.substring(0, space)) || !key.startsWith("/", space + 1)) {
            throw new IllegalArgumentException("invalid route key '" + key + "': expected \"METHOD /path\" with "
                    + "METHOD one of " + METHODS + ", or \"$default\"");
        }
        String path = key.substring(space + 1);
        List<Segment> segments = new ArrayList<>();
        String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new IllegalArgumentException("invalid route key '" + key + "': empty path segment");
            }
            var m = VARIABLE.matcher(part);
            if (m.matches()) {
                boolean greedy = !m.group(2).isEmpty();
                if (greedy && i != parts.length - 1) {
                    throw new IllegalArgumentException("invalid route key '" + key
                            + "': a greedy path variable must be the last segment");
                }
                segments.add(new Segment(greedy ? Kind.GREEDY : Kind.VARIABLE, m.group(1)));
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException("invalid route key '" + key + "': malformed path variable '"
                        + part + "'");
            } else {
                segments.add(new Segment(Kind.LITERAL, part));
            }
        }
        return new RouteKey(key, key.substring(0, space), List.copyOf(segments));
    }

    public boolean isDefault() {
        return text.equals(DEFAULT);
    }

    boolean matchesMethod(String requestMethod) {
        return method.equals("ANY") || method.equals(requestMethod.toUpperCase(Locale.ROOT));
    }

    /**
     * Binds the request's decoded path segments, or returns null when the path does not match.
     * Path parameters receive decoded values; a greedy one gets the rest of the path joined with '/'.
     */
    Map<String, String> bind(List<String> path) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.kind() == Kind.GREEDY) {
                if (i >= path.size()) {
                    return null;
                }
                String rest = String.join("/", path.subList(i, path.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                params.put(s.value(), rest);
                return params;
            }
            if (i >= path.size()) {
                return null;
            }
            String actual = path.get(i);
            if (s.kind() == Kind.LITERAL ? !s.value().equals(actual) : actual.isEmpty()) {
                return null;
            }
            if (s.kind() == Kind.VARIABLE) {
                params.put(s.value(), actual);
            }
        }
        return path.size() == segments.size() ? params : null;
    }

    /**
     * Orders two routes that both match a request, most specific first: segment by segment a literal beats a
     * variable beats a greedy variable; then a longer path; then a named method beats ANY.
     */
    static int specificity(RouteKey a, RouteKey b) {
        int n = Math.min(a.segments.size(), b.segments.size());
        for (int i = 0; i < n; i++) {
            int c = b.segments.get(i).kind().compareTo(a.segments.get(i).kind());
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(b.segments.size(), a.segments.size());
        if (c != 0) {
            return c;
        }
        return Boolean.compare(a.method.equals("ANY"), b.method.equals("ANY"));
    }
}
