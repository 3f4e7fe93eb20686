package dam.core.brief;

import java.time.Instant;
import java.util.List;

/** A comment on a brief. Private comments are readable by the author and {@code namedReaders} only. */
public record Comment(String briefId, String id, String author, String body, Visibility visibility,
                      List<String> namedReaders, Instant createdAt) {

    public Comment {
        namedReaders = List.copyOf(namedReaders);
    }

    boolean readableBy(String userId, Brief brief) {
        return switch (visibility) {
            case GROUP -> brief.isTeamMember(userId);
            case PRIVATE -> author.equals(userId) || namedReaders.contains(userId);
        };
    }
}
