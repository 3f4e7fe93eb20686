package dam.core.library;

/** Port: making a new version's original from an older one, inside the originals bucket (no bytes pass the API). */
public interface VersionFiles {

    /** Server-side copy of {@code fromKey} to {@code toKey} (S3 CopyObject). */
    void copyOriginal(String fromKey, String toKey);

    /** Renders the edit (the rendition function, op {@code edit}); refusals of the content as a ValidationException. */
    void renderEdit(EditSpec spec);
}
