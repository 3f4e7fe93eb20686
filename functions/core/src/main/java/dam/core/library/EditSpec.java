package dam.core.library;

import java.util.List;

/**
 * What the renderer makes of an edit: the base version's original ({@code sourceKey}, its type) through the validated
 * {@code recipe}, written as {@code format} to {@code targetKey} in the originals bucket — the new version's key, so
 * ingest processes it like any upload.
 */
public record EditSpec(String assetId, int baseVersion, String sourceKey, String sourceType, int version,
                       String targetKey, String format, List<EditOp> recipe) {

    public EditSpec {
        recipe = List.copyOf(recipe);
    }
}
