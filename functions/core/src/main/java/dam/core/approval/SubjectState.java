package dam.core.approval;

import java.util.List;

/**
 * A subject as it is now: its version and content hash (to detect superseded links) and what the confirm page shows.
 * All text is plain text; whoever renders it escapes it. {@code preview} (nullable) is a small image of the subject.
 */
public record SubjectState(long version, String contentSha256, String title, List<Section> sections,
                           Preview preview) {

    public SubjectState {
        sections = List.copyOf(sections);
    }

    public SubjectState(long version, String contentSha256, String title, List<Section> sections) {
        this(version, contentSha256, title, sections, null);
    }

    /** A labelled block of the confirm page ("Objectives", "Disclaimers"…), one paragraph per line. */
    public record Section(String heading, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    /**
     * An inline image (pages load nothing from elsewhere): {@code contentType} image/jpeg, image/png or image/webp,
     * {@code base64} its bytes, {@code caption} plain text.
     */
    public record Preview(String contentType, String base64, int width, int height, String caption) {
        public Preview {
            if (contentType == null || !contentType.matches("image/(jpeg|png|webp)")) {
                throw new IllegalArgumentException("preview must be a JPEG, PNG or WebP image, got " + contentType);
            }
            if (base64 == null || !base64.matches("[A-Za-z0-9+/]+={0,2}")) {
                throw new IllegalArgumentException("preview bytes must be base64");
            }
        }
    }
}
