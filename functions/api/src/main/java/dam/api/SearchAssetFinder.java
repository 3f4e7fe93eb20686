package dam.api;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.auth.Principal;
import dam.core.bulk.AssetFinder;
import dam.core.library.Viewer;
import dam.core.search.SearchPage;
import dam.core.search.SearchQuery;
import dam.core.search.SearchService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bulk job's query run as {@code GET /search} runs it for the caller, page after page (cursor, 100 a page). */
final class SearchAssetFinder implements AssetFinder {

    private final SearchService search;

    SearchAssetFinder(SearchService search) {
        this.search = search;
    }

    @Override
    public List<String> find(Principal actor, Map<String, List<String>> query, int max) {
        Map<String, List<String>> params = new LinkedHashMap<>(query);
        for (String paging : List.of("cursor", "limit", "facets")) {
            if (params.remove(paging) != null) {
                throw new ValidationException(new FieldError("query." + paging, Codes.INVALID,
                        "a bulk job takes every match: no " + paging));
            }
        }
        params.put("limit", List.of(Integer.toString(SearchQuery.MAX_LIMIT)));
        Viewer viewer = Viewer.of(actor);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            if (cursor != null) {
                params.put("cursor", List.of(cursor));
            }
            SearchPage page = search.search(viewer, params);
            if (page.total() > max) {
                throw new ValidationException(new FieldError("query", Codes.TOO_MANY, "the search finds "
                        + page.total() + " assets; a job takes at most " + max + ": narrow it"));
            }
            page.hits().forEach(h -> ids.add(h.assetId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }
}
