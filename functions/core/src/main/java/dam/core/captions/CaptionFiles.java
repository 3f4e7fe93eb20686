package dam.core.captions;

/** Port: caption files next to the asset's originals (S3 in the product). */
public interface CaptionFiles {

    void put(String key, String text, CaptionFormat format);

    String get(String key);

    /** Deleting a missing file is not an error. */
    void delete(String key);
}
