package dam.core.asset;

import java.time.LocalDate;

/**
 * User metadata beyond keywords: when the content was made, until when it may not be published, and its usage
 * rights (who holds them, under which licence, until when). Every field is optional.
 */
public record AssetDetails(LocalDate capturedOn, LocalDate embargoUntil, String rightsHolder, String license,
                           LocalDate rightsExpireOn) {

    /** Licence codes people choose from (data a contract can be checked against, not free text). */
    public static final java.util.List<String> LICENSES = java.util.List.of("owned", "work-for-hire", "royalty-free",
            "rights-managed", "editorial-only", "creative-commons");

    public static final AssetDetails NONE = new AssetDetails(null, null, null, null, null);
}
