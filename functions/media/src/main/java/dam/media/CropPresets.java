package dam.media;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A list of crop presets, e.g. one per brand, loaded from JSON: {@code [{"name":"instagram","width":1080,...}]}. */
public record CropPresets(List<CropPreset> presets) {
    public static final CropPresets DEFAULTS = new CropPresets(List.of(
            new CropPreset("instagram", 1080, 1080),
            new CropPreset("story", 1080, 1920),
            new CropPreset("linkedin", 1200, 627),
            new CropPreset("web-hero", 2400, 1000)));

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public CropPresets {
        presets = List.copyOf(presets);
        Set<String> names = new HashSet<>();
        for (CropPreset p : presets) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate preset name " + p.name());
            }
        }
    }

    public static CropPresets fromJson(InputStream json) {
        try {
            return new CropPresets(JSON.readValue(json, new TypeReference<List<CropPreset>>() { }));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid crop presets: " + e.getMessage(), e);
        }
    }

    public Optional<CropPreset> find(String name) {
        return presets.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The preset, or IllegalArgumentException naming the known ones (an API maps it to 400). */
    public CropPreset get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "'; known: "
                + presets.stream().map(CropPreset::name).toList()));
    }
}
