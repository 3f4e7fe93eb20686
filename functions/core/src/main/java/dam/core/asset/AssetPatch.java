package dam.core.asset;

import java.util.List;

/**
 * {@code PATCH /assets/{id}}: only the fields present change; {@code clear} names fields to remove (a JSON null).
 * Dates are ISO {@code yyyy-mm-dd} strings so a bad date is a field error, not a parse failure. {@code keywords}
 * replaces the user keywords (controlled vocabulary, synonyms mapped). {@code revision}, when given, must be the
 * asset's current revision (lost-update guard for editors).
 */
public record AssetPatch(Long revision, String description, List<String> keywords, String capturedOn,
                         String embargoUntil, String rightsHolder, String license, String rightsExpireOn,
                         List<String> clear) {

    public AssetPatch {
        clear = clear == null ? List.of() : List.copyOf(clear);
    }
}
