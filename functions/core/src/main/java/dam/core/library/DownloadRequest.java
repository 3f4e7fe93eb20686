package dam.core.library;

/**
 * A download as asked for (raw query values, validated by {@link DownloadService}): the original when every field is
 * empty, else a conversion to {@code format} (default jpeg) at a named {@code preset} or at {@code width}/{@code
 * height} (one of them scales proportionally, both crop to that exact size around the focal point).
 */
public record DownloadRequest(String format, String preset, String width, String height, String version) {

    public boolean original() {
        return blank(format) && blank(preset) && blank(width) && blank(height);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
