package dam.core.collection.memory;

import dam.core.collection.Collection;
import dam.core.collection.CollectionRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collections in memory, for unit and API tests. */
public final class InMemoryCollectionRepository implements CollectionRepository {

    private final Map<String, Collection> collections = new HashMap<>();
    private final Map<String, List<Item>> items = new HashMap<>();

    @Override
    public synchronized void create(Collection collection) {
        if (collections.putIfAbsent(collection.id(), collection) != null) {
            throw new IllegalStateException("collection " + collection.id() + " exists");
        }
    }

    @Override
    public synchronized Optional<Collection> find(String id) {
        return Optional.ofNullable(collections.get(id));
    }

    @Override
    public synchronized boolean addItem(String collectionId, Item item) {
        List<Item> list = items.computeIfAbsent(collectionId, k -> new ArrayList<>());
        if (list.stream().anyMatch(i -> i.assetId().equals(item.assetId()))) {
            return false;
        }
        return list.add(item);
    }

    @Override
    public synchronized List<Item> items(String collectionId) {
        return List.copyOf(items.getOrDefault(collectionId, List.of()));
    }

    @Override
    public synchronized List<Child> children(String folderId) {
        return collections.values().stream().filter(c -> folderId.equals(c.parentId()))
                .map(c -> new Child(c.id(), c.kind(), c.name()))
                .sorted(Comparator.comparing(Child::name).thenComparing(Child::id)).toList();
    }

    public synchronized int size() {
        return collections.size();
    }
}
