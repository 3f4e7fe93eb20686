package dam.api;

import dam.core.library.Viewer;
import dam.core.search.SearchPage;
import dam.core.search.SearchService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /search?q=&<facet>=v1,v2&createdFrom=&createdTo=&sort=newest|oldest|title&limit=&cursor=&facets=}:
 * library search with facet counts and a signed cursor; only assets the caller may see are found or counted.
 * Bad parameters are a 400 listing every reason (see {@link dam.core.search.SearchQuery}).
 */
@Controller("/search")
final class SearchController {

    private final SearchService search;
    private final Responses responses;
    private final UsageRecorder usage;

    SearchController(SearchService search, Responses responses, UsageRecorder usage) {
        this.search = search;
        this.responses = responses;
        this.usage = usage;
    }

    record Body(List<SearchPage.Hit> items, long total, Map<String, Map<String, Long>> facets, String nextCursor) {
    }

    @Get
    HttpResponse<String> search(Viewer viewer, HttpRequest<?> request) {
        Map<String, List<String>> params = new LinkedHashMap<>(request.getParameters().asMap());
        SearchPage page = search.search(viewer, params);
        if (!params.containsKey("cursor")) { // a search, not its next page
            usage.used(viewer.principal(), dam.core.analytics.UsageKind.SEARCH, null);
        }
        return responses.ok(new Body(page.hits(), page.total(), page.facets(), page.nextCursor()));
    }
}
