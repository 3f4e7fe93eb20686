package dam.core.library;

import java.util.List;
import java.util.Optional;

/** The crop presets every brand starts with; a brand's own list (set by its managers) replaces them. */
public final class Presets {

    public static final List<Preset> DEFAULTS = List.of(
            new Preset("instagram-square", 1080, 1080),
            new Preset("story", 1080, 1920),
            new Preset("linkedin", 1200, 627),
            new Preset("web-hero", 2400, 1000));

    /** A brand may define at most this many presets (they are listed on every download form). */
    public static final int MAX_PER_BRAND = 50;

    private Presets() {
    }

    public static Optional<Preset> find(List<Preset> presets, String name) {
        return presets.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
