package dam.local.apigateway;

import dam.local.apigateway.ApiModel.Api;
import dam.local.apigateway.ApiModel.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every route of every deployed API, compiled for matching. One local port serves all APIs (the product has one);
 * should two APIs declare the same route, the API with the smaller id wins, deterministically.
 */
final class RouteTable {

    record Entry(Api api, Route route, RouteKey key) {
    }

    record Match(Api api, Route route, Map<String, String> pathParameters) {
    }

    private final List<Entry> entries;

    RouteTable(Collection<Api> apis) {
        List<Entry> all = new ArrayList<>();
        for (Api api : apis) {
            for (Route route : api.routes().values()) {
                all.add(new Entry(api, route, RouteKey.parse(route.routeKey())));
            }
        }
        all.sort(Comparator.comparing((Entry e) -> e.api().id()).thenComparing(e -> e.route().routeKey()));
        this.entries = List.copyOf(all);
    }

    /** The most specific route for the request, then $default, or null when nothing matches. */
    Match match(String method, List<String> decodedSegments) {
        Entry best = null;
        Map<String, String> bestParams = null;
        Entry fallback = null;
        for (Entry e : entries) {
            if (e.key().isDefault()) {
                if (fallback == null) {
                    fallback = e;
                }
                continue;
            }
            if (!e.key().matchesMethod(method)) {
                continue;
            }
            Map<String, String> params = e.key().bind(decodedSegments);
            if (params != null && (best == null || RouteKey.specificity(e.key(), best.key()) < 0)) {
                best = e;
                bestParams = params;
            }
        }
        if (best != null) {
            return new Match(best.api(), best.route(), bestParams);
        }
        return fallback == null ? null : new Match(fallback.api(), fallback.route(), Map.of());
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
