package dam.core.brief;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Comments on briefs with visibility enforced on every read: group comments are for the brief team, private ones for
 * the author and the people they name. A reader gets only what they may see — hidden comments are not counted,
 * hinted at or paged over. Only team members may comment or read.
 */
public final class CommentService {

    static final int BODY_MAX = 10_000;
    static final int NAMED_MAX = 50;

    private final BriefRepository briefs;
    private final CommentRepository comments;
    private final Clock clock;
    private final Supplier<String> ids;

    public CommentService(BriefRepository briefs, CommentRepository comments, Clock clock, Supplier<String> ids) {
        this.briefs = Objects.requireNonNull(briefs);
        this.comments = Objects.requireNonNull(comments);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    public Comment add(String briefId, String author, String body, String visibility, List<String> namedReaders) {
        Brief brief = teamBrief(briefId, author);
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            errors.add(new FieldError("body", Codes.REQUIRED, "body is required"));
        } else if (body.length() > BODY_MAX) {
            errors.add(new FieldError("body", Codes.TOO_LONG, "body has " + body.length() + " characters; at most "
                    + BODY_MAX));
        }
        Visibility vis = Coded.parse(Visibility.class, visibility).orElse(null);
        if (vis == null) {
            errors.add(new FieldError("visibility", Codes.UNKNOWN_VALUE, "visibility must be one of "
                    + Coded.codes(Visibility.class)));
        }
        List<String> named = namedReaders == null ? List.of() : namedReaders;
        if (vis == Visibility.GROUP && !named.isEmpty()) {
            errors.add(new FieldError("namedReaders", Codes.INVALID, "only private comments name readers"));
        }
        if (named.size() > NAMED_MAX) {
            errors.add(new FieldError("namedReaders", Codes.TOO_MANY, "at most " + NAMED_MAX + " named readers"));
        } else {
            for (int i = 0; i < named.size(); i++) {
                if (!brief.isTeamMember(named.get(i))) {
                    errors.add(new FieldError("namedReaders[" + i + "]", Codes.INVALID,
                            "named readers must be members of the brief team"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Comment c = new Comment(briefId, ids.get(), author, body, vis, List.copyOf(new LinkedHashSet<>(named)),
                clock.instant());
        comments.add(c);
        return c;
    }

    /** The comments {@code reader} may see, oldest first. */
    public List<Comment> list(String briefId, String reader) {
        Brief brief = teamBrief(briefId, reader);
        return comments.listAll(briefId).stream().filter(c -> c.readableBy(reader, brief)).toList();
    }

    private Brief teamBrief(String briefId, String user) {
        Brief brief = briefs.find(briefId).orElseThrow(() -> new NotFoundException("briefId", "no brief '" + briefId
                + "'"));
        if (!brief.isTeamMember(user)) {
            throw new ForbiddenException("only members of the brief team may read or write its comments");
        }
        return brief;
    }
}
