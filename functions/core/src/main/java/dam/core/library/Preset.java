package dam.core.library;

import java.util.Objects;

/** A named output size for a channel (data per brand): a download with this preset is cropped to exactly this size. */
public record Preset(String name, int width, int height) {

    /** Larger sides are refused: a "huge size" download is bad input, not a job. */
    public static final int MAX_SIDE = 20_000;

    public Preset {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("preset name must be 1-64 of [a-z0-9_-] starting with a letter or "
                    + "digit: '" + name + "'");
        }
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("preset " + name + " must be 1.." + MAX_SIDE + " px per side, got "
                    + width + "×" + height);
        }
    }
}
