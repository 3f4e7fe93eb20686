package dam.media;

import java.util.Locale;

/** The named renditions every ingested image gets, by long edge in pixels. */
public enum RenditionSize {
    THUMBNAIL(256), PREVIEW(1024), WEB(2048);

    private final int longEdge;

    RenditionSize(int longEdge) {
        this.longEdge = longEdge;
    }

    public int longEdge() {
        return longEdge;
    }

    /** "thumbnail", "preview", "web": the name used in keys and APIs. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
