package dam.core.brief;

import java.util.List;

/** Port: comments of a brief (kept apart from the brief item: they grow without bound). */
public interface CommentRepository {

    void add(Comment comment);

    /** Every comment of the brief, oldest first — callers must filter by visibility before showing any of them. */
    List<Comment> listAll(String briefId);
}
