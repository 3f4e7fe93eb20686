package dam.core.lifecycle;

import java.util.List;

/**
 * Port: the asset's objects in S3. Archiving tags the originals; the bucket's lifecycle rule moves tagged objects to
 * an archive storage class (on AWS; the local cloud keeps the tag and never transitions). Objects in a storage class
 * that must be restored before reading (S3 Glacier Flexible Retrieval, Deep Archive) come back asynchronously.
 */
public interface ArchiveStorage {

    /** The tag archived originals carry ({@value #TAG_KEY}={@value #TAG_VALUE}); the lifecycle rule filters on it. */
    String TAG_KEY = "dam-lifecycle";
    String TAG_VALUE = "archived";

    /** Tags each original as archived. */
    void archive(List<String> originalKeys);

    /**
     * Brings originals back: each that is readable now (never transitioned, or its restored copy is ready) is made
     * standard again and its tag cleared; for each in an archive class a restore is started (or is still running).
     *
     * @return how many originals are still on their way back (0 = all readable and untagged)
     */
    int restore(List<String> originalKeys);

    /** Deletes every object and every object version under the asset's prefixes in every bucket; how many went. */
    int purge(String assetId);
}
