package dam.media;

/**
 * What the sniffer found.
 *
 * @param mediaType    the real type from the bytes (Tika), e.g. "image/jpeg"
 * @param accepted     false when the file must be rejected
 * @param reason       why it was rejected, null when accepted
 * @param detail       a sentence for the user (null when accepted)
 * @param declaredType the type the name/Content-Type claimed (null when nothing was declared)
 * @param width        header width for images (null otherwise)
 * @param height       header height for images (null otherwise)
 */
public record SniffResult(String mediaType, boolean accepted, ReasonCode reason, String detail, String declaredType,
                          Integer width, Integer height) {

    static SniffResult ok(String type, String declared, Integer w, Integer h) {
        return new SniffResult(type, true, null, null, declared, w, h);
    }

    static SniffResult rejected(String type, String declared, MediaException e) {
        return new SniffResult(type, false, e.reason(), e.getMessage(), declared, null, null);
    }

    static SniffResult rejected(String type, String declared, ReasonCode reason, String detail) {
        return new SniffResult(type, false, reason, reason + ": " + detail, declared, null, null);
    }
}
