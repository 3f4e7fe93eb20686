package dam.core.approval;

import java.util.Optional;

/** Port: the current state of a link's subject (a brief, an asset version…); empty when it no longer exists. */
public interface SubjectReader {

    Optional<SubjectState> read(Subject subject);
}
