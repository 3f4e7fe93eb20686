package dam.core.brief;

import dam.core.ForbiddenException;
import dam.core.ValidationException;
import dam.core.memory.InMemoryCommentRepository;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommentServiceTest {

    private final Fixture f = new Fixture();
    private final AtomicInteger ids = new AtomicInteger();
    private final CommentService comments = new CommentService(f.repo, new InMemoryCommentRepository(),
            Clock.fixed(Fixture.NOW, ZoneOffset.UTC), () -> "c" + ids.incrementAndGet());

    @Test
    void privateCommentsAreInvisibleToUnnamedMembers() {
        Brief b = f.create(); // team: alice (requester), bob, carol
        comments.add(b.id(), "alice", "group note", "group", List.of());
        comments.add(b.id(), "alice", "for carol only", "private", List.of("carol"));
        comments.add(b.id(), "bob", "bob's own note", "private", List.of());

        assertEquals(List.of("group note", "for carol only"), bodies(b.id(), "alice"));
        assertEquals(List.of("group note", "for carol only"), bodies(b.id(), "carol"));
        assertEquals(List.of("group note", "bob's own note"), bodies(b.id(), "bob"));
    }

    @Test
    void outsidersSeeNothingAndCannotWrite() {
        Brief b = f.create();
        comments.add(b.id(), "alice", "group note", "group", List.of());
        assertThrows(ForbiddenException.class, () -> comments.list(b.id(), "mallory"));
        assertThrows(ForbiddenException.class, () -> comments.add(b.id(), "mallory", "hi", "group", List.of()));
    }

    @Test
    void badCommentsAreFieldErrorsAndNotStored() {
        Brief b = f.create();
        ValidationException e = assertThrows(ValidationException.class,
                () -> comments.add(b.id(), "alice", "", "secret", List.of("mallory")));
        assertEquals(List.of("body", "visibility", "namedReaders[0]"),
                e.errors().stream().map(x -> x.field()).toList());
        assertEquals(List.of(), bodies(b.id(), "alice"));
    }

    private List<String> bodies(String briefId, String reader) {
        return comments.list(briefId, reader).stream().map(Comment::body).toList();
    }
}
