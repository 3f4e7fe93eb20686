package dam.core.collection;

import java.util.List;
import java.util.Optional;

/** Port: collections, their items (asset ids) and the children of folders. */
public interface CollectionRepository {

    /** A collection and, when it has a parent, the parent's pointer to it, stored together. */
    void create(Collection collection);

    Optional<Collection> find(String id);

    /** Adds an item; false (and nothing changes) if the asset is already in the collection. */
    boolean addItem(String collectionId, Item item);

    /** Items in the order they were added. */
    List<Item> items(String collectionId);

    /** Whether the asset is an item of the collection (stores answer with one keyed read). */
    default boolean contains(String collectionId, String assetId) {
        return items(collectionId).stream().anyMatch(i -> i.assetId().equals(assetId));
    }

    /** Collections and folders directly inside a folder, by name. */
    List<Child> children(String folderId);

    record Item(String assetId, String addedBy, java.time.Instant addedAt) {
    }

    record Child(String id, Collection.Kind kind, String name) {
    }
}
