package dam.core.brief;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Input rules of brief links and supporting documents. */
final class BriefAttachments {

    static final Duration UPLOAD_TTL = Duration.ofMinutes(15);
    static final long MAX_DOCUMENT_BYTES = 100L * 1024 * 1024;
    /** Bounds the brief item (DynamoDB items are at most 400 KB). */
    static final int MAX_DOCUMENTS = 50;
    static final int MAX_LINKS = 100;
    static final int MAX_FILE_NAME = 255;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
    /** Content type → what it is (documents people attach to briefs; nothing executable or scriptable). */
    static final Map<String, String> CONTENT_TYPES = Map.of(
            "application/pdf", "pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx",
            "image/png", "png",
            "image/jpeg", "jpeg",
            "text/plain", "txt");
    /** Controls, path separators and characters that mean something in headers or shells. */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\p{Cf}/\\\\:*?\"<>|]");

    private BriefAttachments() {
    }

    record DocumentFields(String fileName, String contentType, long size) {
    }

    static BriefLink.Kind kind(String code) {
        if (code == null || code.isBlank()) {
            throw invalid("kind", Codes.REQUIRED, "kind is required: " + Coded.codes(BriefLink.Kind.class));
        }
        return Coded.parse(BriefLink.Kind.class, code).orElseThrow(() -> invalid("kind", Codes.UNKNOWN_VALUE,
                "kind must be one of " + Coded.codes(BriefLink.Kind.class)));
    }

    static void requireId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw invalid(field, Codes.REQUIRED, field + " is required");
        }
        if (!ID.matcher(id).matches()) {
            throw invalid(field, Codes.INVALID, field + " must be 1 to 100 letters, digits, '-' or '_'");
        }
    }

    static void requireNotLinked(Brief brief, BriefLink.Kind kind, String targetId) {
        if (brief.linksTo(kind, targetId)) {
            throw new ConflictException("targetId", Codes.DUPLICATE, "brief " + brief.id() + " already links to "
                    + kind.code() + " '" + targetId + "'");
        }
    }

    static void requireRoom(Brief brief) {
        if (brief.links().size() >= MAX_LINKS) {
            throw invalid("targetId", Codes.TOO_MANY, "brief " + brief.id() + " has the maximum of " + MAX_LINKS
                    + " links");
        }
    }

    /** Checks every field (all errors at once) and returns the sanitised values. */
    static DocumentFields document(String fileName, String contentType, Long size) {
        List<FieldError> errors = new ArrayList<>();
        String name = fileName == null ? null : displayName(fileName);
        if (fileName == null || fileName.isBlank()) {
            errors.add(new FieldError("fileName", Codes.REQUIRED, "fileName is required"));
        } else if (fileName.length() > 4 * MAX_FILE_NAME) {
            errors.add(new FieldError("fileName", Codes.TOO_LONG, "fileName is at most " + MAX_FILE_NAME
                    + " characters"));
        } else if (name.isEmpty()) {
            errors.add(new FieldError("fileName", Codes.INVALID, "fileName has no usable characters"));
        }
        String type = contentType == null ? null : contentType.trim().toLowerCase(java.util.Locale.ROOT);
        if (type == null || type.isEmpty()) {
            errors.add(new FieldError("contentType", Codes.REQUIRED, "contentType is required"));
        } else if (!CONTENT_TYPES.containsKey(type)) {
            errors.add(new FieldError("contentType", Codes.UNKNOWN_VALUE, "contentType must be one of "
                    + CONTENT_TYPES.keySet().stream().sorted().toList()));
        }
        if (size == null) {
            errors.add(new FieldError("size", Codes.REQUIRED, "size (bytes) is required"));
        } else if (size < 1 || size > MAX_DOCUMENT_BYTES) {
            errors.add(new FieldError("size", Codes.INVALID, "size must be 1 to " + MAX_DOCUMENT_BYTES + " bytes"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new DocumentFields(name, type, size);
    }

    /**
     * The last path segment of what the browser sent, without controls or characters unsafe in file names, trimmed
     * and cut to {@link #MAX_FILE_NAME}. Only ever shown (escaped) — keys never contain it.
     */
    static String displayName(String raw) {
        String last = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        String clean = UNSAFE.matcher(last).replaceAll("_").strip();
        if (clean.chars().allMatch(c -> c == '_' || c == '.')) {
            return "";
        }
        return clean.length() > MAX_FILE_NAME ? clean.substring(0, MAX_FILE_NAME) : clean;
    }

    private static ValidationException invalid(String field, String code, String message) {
        return new ValidationException(new FieldError(field, code, message));
    }
}
