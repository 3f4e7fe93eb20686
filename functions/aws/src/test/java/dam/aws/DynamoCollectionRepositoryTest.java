package dam.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.core.collection.Collection;
import dam.core.collection.CollectionRepository.Child;
import dam.core.collection.CollectionRepository.Item;
import dam.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Collections, items and folder children through the table (over {@link FakeDynamoDb}). */
class DynamoCollectionRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    private final FakeDynamoDb db = new FakeDynamoDb("dam");
    private final DynamoCollectionRepository repo = new DynamoCollectionRepository(db, "dam", Json.mapper());

    @Test
    void collectionsItemsAndChildrenRoundTrip() {
        Collection folder = new Collection("f1", Collection.Kind.FOLDER, "Spring", "Acme", null, "cara", T0);
        Collection hero = new Collection("c1", Collection.Kind.COLLECTION, "Hero", "Acme", "f1", "cara", T0);
        Collection broll = new Collection("c2", Collection.Kind.COLLECTION, "B-roll", "Acme", "f1", "cara", T0);
        repo.create(folder);
        repo.create(hero);
        repo.create(broll);

        assertTrue(repo.addItem("c1", new Item("a9", "cara", T0.plusSeconds(1))));
        assertTrue(repo.addItem("c1", new Item("a1", "cara", T0.plusSeconds(2))));
        assertFalse(repo.addItem("c1", new Item("a9", "vic", T0.plusSeconds(3))));

        assertEquals(Optional.of(hero), repo.find("c1"));
        assertEquals(Optional.empty(), repo.find("nope"));
        assertEquals(List.of(new Item("a9", "cara", T0.plusSeconds(1)), new Item("a1", "cara", T0.plusSeconds(2))),
                repo.items("c1"));
        assertEquals(List.of(new Child("c2", Collection.Kind.COLLECTION, "B-roll"),
                new Child("c1", Collection.Kind.COLLECTION, "Hero")), repo.children("f1"));
        String stored = db.item("COLLECTION#f1", "META").get("data").s();
        assertTrue(stored.contains("\"kind\":\"folder\""), stored);
    }
}
