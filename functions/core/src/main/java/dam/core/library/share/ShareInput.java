package dam.core.library.share;

import java.util.List;

/** {@code POST /assets/{id}/shares} and {@code POST /collections/{id}/shares}: raw values, validated by the service. */
public record ShareInput(String expiresAt, Integer maxDownloads, String password, List<String> presets) {
}
