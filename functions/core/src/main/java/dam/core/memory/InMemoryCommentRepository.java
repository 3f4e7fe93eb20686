package dam.core.memory;

import dam.core.brief.Comment;
import dam.core.brief.CommentRepository;

import java.util.ArrayList;
import java.util.List;

/** {@link CommentRepository} in memory, in insertion order. */
public final class InMemoryCommentRepository implements CommentRepository {

    private final List<Comment> comments = new ArrayList<>();

    @Override
    public synchronized void add(Comment comment) {
        comments.add(comment);
    }

    @Override
    public synchronized List<Comment> listAll(String briefId) {
        return comments.stream().filter(c -> c.briefId().equals(briefId)).toList();
    }
}
