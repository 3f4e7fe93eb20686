package dam.media;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/** Formats renditions and conversions can be written in. */
public enum OutputFormat {
    JPEG("jpeg", "image/jpeg", "jpg", false),
    PNG("png", "image/png", "png", true),
    WEBP("webp", "image/webp", "webp", true),
    TIFF("tiff", "image/tiff", "tif", true),
    GIF("gif", "image/gif", "gif", true);

    private final String imageIoName;
    private final String mediaType;
    private final String extension;
    private final boolean keepsAlpha;

    OutputFormat(String imageIoName, String mediaType, String extension, boolean keepsAlpha) {
        this.imageIoName = imageIoName;
        this.mediaType = mediaType;
        this.extension = extension;
        this.keepsAlpha = keepsAlpha;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public boolean keepsAlpha() {
        return keepsAlpha;
    }

    String imageIoName() {
        return imageIoName;
    }

    /** Whether an ImageIO writer is installed; WebP has none here (TwelveMonkeys' WebP plugin only reads). */
    public boolean writable() {
        return ImageIO.getImageWritersByFormatName(imageIoName).hasNext();
    }

    public static Set<OutputFormat> writableFormats() {
        EnumSet<OutputFormat> out = EnumSet.noneOf(OutputFormat.class);
        for (OutputFormat f : values()) {
            if (f.writable()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Parses "jpg", "jpeg", "png", "webp", "tif", "tiff", "gif" (case-insensitive). */
    public static OutputFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.imageIoName.equals(n) || f.extension.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + name + "' (jpeg, png, webp, tiff, gif)");
    }
}
