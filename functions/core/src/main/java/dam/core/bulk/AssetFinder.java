package dam.core.bulk;

import dam.core.auth.Principal;

import java.util.List;
import java.util.Map;

/**
 * Port: the ids of the assets a library search finds for the caller (search parameters as {@code GET /search} takes
 * them), every page; more than {@code max} is a {@link dam.core.ValidationException}.
 */
public interface AssetFinder {

    List<String> find(Principal actor, Map<String, List<String>> query, int max);
}
