package dam.core.bulk;

import java.util.Objects;

/**
 * One line of a job's manifest: render {@code preset} of version {@code version} of {@code assetId} as {@code format}.
 * Its {@link #id()} names it in the job's progress records, so a batch that runs twice counts each item once.
 */
public record BulkItem(String assetId, int version, String preset, String format) {

    public BulkItem {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(format, "format");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }

    /** {@code assetId#version#preset#format} (ids, preset names and formats never contain '#'). */
    public String id() {
        return assetId + "#" + version + "#" + preset + "#" + format;
    }

    /** The file's path inside the job's ZIP: one folder per preset, unique per item by construction. */
    public String zipEntry() {
        return preset + "/" + assetId + "-v" + version + "." + BulkJobs.extension(format);
    }
}
