package dam.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A named output size for channel deliverables (data: per brand, stored as JSON). */
public record CropPreset(String name, int width, int height) {
    /** Presets larger than this per side are refused (downloads of "huge size" are bad input). */
    public static final int MAX_SIDE = 20_000;

    @JsonCreator
    public CropPreset(@JsonProperty("name") String name, @JsonProperty("width") int width,
                      @JsonProperty("height") int height) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("preset name must be 1-64 of [a-z0-9_-]: " + name);
        }
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("preset " + name + " size must be 1.." + MAX_SIDE + " per side");
        }
        this.name = name;
        this.width = width;
        this.height = height;
    }

    public double aspect() {
        return (double) width / height;
    }
}
