package dam.media;

/** Why a file was refused or could not be processed; stable codes the version record and the UI show. */
public enum ReasonCode {
    EMPTY_FILE("the file has no bytes"),
    EXECUTABLE("the file is an executable or script"),
    TYPE_MISMATCH("the content does not match the declared name or type"),
    UNSUPPORTED_TYPE("this type of file is not accepted"),
    TRUNCATED("the file is incomplete (truncated)"),
    CORRUPT("the file is damaged and cannot be read"),
    PIXEL_BOMB("the image declares more pixels than allowed"),
    ARCHIVE_BOMB("the archive expands far beyond its size (decompression bomb)"),
    UNSUPPORTED_FORMAT("no encoder or decoder for this format");

    private final String description;

    ReasonCode(String description) {
        this.description = description;
    }

    /** A sentence a user can read. */
    public String description() {
        return description;
    }
}
