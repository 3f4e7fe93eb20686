package dam.core.library;

import java.util.List;

/**
 * How a version was made when not uploaded: {@code revert} (a copy of {@code baseVersion}'s original) or
 * {@code edit} ({@code baseVersion} through {@code recipe}). Stored per version next to the asset.
 */
public record VersionOrigin(String kind, int baseVersion, List<EditOp> recipe) {

    public static final String REVERT = "revert";
    public static final String EDIT = "edit";

    public VersionOrigin {
        recipe = recipe == null ? List.of() : List.copyOf(recipe);
    }
}
