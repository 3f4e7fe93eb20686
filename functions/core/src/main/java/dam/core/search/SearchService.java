package dam.core.search;

import dam.core.library.LibraryPolicy;
import dam.core.library.SearchScope;
import dam.core.library.Viewer;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Library search on behalf of a caller: validates the parameters (400 with every reason), derives the caller's
 * scope from {@link LibraryPolicy}, and asks the index — so results only ever hold assets the caller may see, and
 * counts only count those.
 */
public final class SearchService {

    private final LibraryIndex index;

    public SearchService(LibraryIndex index) {
        this.index = Objects.requireNonNull(index);
    }

    public SearchPage search(Viewer viewer, Map<String, List<String>> params) {
        SearchQuery q = SearchQuery.parse(params);
        SearchScope scope = LibraryPolicy.searchScope(viewer);
        return index.search(q, scope);
    }
}
