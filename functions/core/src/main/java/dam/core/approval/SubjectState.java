package dam.core.approval;

import java.util.List;

/**
 * A subject as it is now: its version and content hash (to detect superseded links) and what the confirm page shows.
 * All text is plain text; whoever renders it escapes it.
 */
public record SubjectState(long version, String contentSha256, String title, List<Section> sections) {

    public SubjectState {
        sections = List.copyOf(sections);
    }

    /** A labelled block of the confirm page ("Objectives", "Disclaimers"…), one paragraph per line. */
    public record Section(String heading, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }
}
