package dam.core.library;

import java.util.Objects;
import java.util.Set;

/**
 * What the policy needs to know about an asset: its brand, its brief (whose team may see it before approval), who
 * uploaded it, where it stands and the collections it is in (an external user's scope).
 */
public record LibraryAsset(String id, String brand, String briefId, String uploader, Visibility visibility,
                           Set<String> collections) {

    public LibraryAsset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(visibility, "visibility");
        collections = collections == null ? Set.of() : Set.copyOf(collections);
    }
}
