package dam.core.bulk;

import java.util.List;

/** Asset(s) left out of a job when it was created, with the reason (denied, hidden, rights, no ready version...). */
public record Skip(String assetId, List<String> presets, String reason) {

    public Skip {
        presets = List.copyOf(presets);
    }
}
