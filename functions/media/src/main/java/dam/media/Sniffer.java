package dam.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Finds a file's real type from its bytes (Tika's magic + ZIP container detectors; the name and declared type are
 * never used for detection) and refuses what must not enter the library, each with a {@link ReasonCode}:
 * zero bytes, executables/scripts, content that contradicts the declared name or Content-Type, types not on the
 * allow-list, decompression bombs (ZIP family), pixel bombs (header dimensions, checked before any decoding) and
 * truncated JPEG/PNG/GIF/PDF files (missing end markers).
 */
public final class Sniffer {
    /** Types the library accepts by default: images, PDF, audio, video and office documents. */
    public static final Set<String> DEFAULT_ALLOWED = Set.of(
            "image/*", "video/*", "audio/*", "application/pdf",
            "application/x-tika-ooxml", "application/x-tika-msoffice",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation", "application/postscript");

    private static final Set<MediaType> EXECUTABLES = Set.of(
            MediaType.parse("application/x-executable"), MediaType.parse("application/x-sharedlib"),
            MediaType.parse("application/x-elf"), MediaType.parse("application/x-msdownload"),
            MediaType.parse("application/x-dosexec"), MediaType.parse("application/x-mach-o"),
            MediaType.parse("application/x-mach-o-executable"), MediaType.parse("application/java-archive"),
            MediaType.parse("application/java-vm"), MediaType.parse("application/x-sh"),
            MediaType.parse("application/x-bat"), MediaType.parse("application/x-msi"),
            MediaType.parse("application/vnd.android.package-archive"), MediaType.parse("application/x-ms-shortcut"),
            MediaType.parse("text/x-python"), MediaType.parse("text/x-perl"), MediaType.parse("application/javascript"),
            MediaType.parse("text/javascript"), MediaType.parse("application/x-httpd-php"));

    private static final MediaType ZIP = MediaType.parse("application/zip");
    /** Non-standard names browsers still send, mapped to the registered type. */
    private static final java.util.Map<String, String> BROWSER_ALIASES = java.util.Map.of(
            "image/pjpeg", "image/jpeg", "image/jpg", "image/jpeg", "image/x-png", "image/png",
            "image/x-citrix-jpeg", "image/jpeg", "image/x-citrix-png", "image/png");
    private static final int TAIL = 4096;

    private final Detector detector;
    private final MimeTypes mimeTypes;
    private final MediaTypeRegistry registry;
    private final MediaLimits limits;
    private final Set<String> allowed;
    private final ImageDecoder decoder;

    public Sniffer(MediaLimits limits, Set<String> allowed) {
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.detector = tika.getDetector();
        this.mimeTypes = tika.getMimeRepository();
        this.registry = tika.getMediaTypeRegistry();
        this.limits = limits;
        this.allowed = Set.copyOf(allowed);
        this.decoder = new ImageDecoder(limits);
    }

    public Sniffer() {
        this(MediaLimits.DEFAULT, DEFAULT_ALLOWED);
    }

    /** The real type from the bytes alone. */
    public String detect(Path file) {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return registry.normalize(detector.detect(in, new Metadata())).getBaseType().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /**
     * @param declaredName        the uploader's file name (only its extension is compared), may be null
     * @param declaredContentType the Content-Type the upload claimed, may be null
     */
    public SniffResult sniff(Path file, String declaredName, String declaredContentType) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        String declared = declaredType(declaredName, declaredContentType);
        if (size == 0) {
            return SniffResult.rejected("application/x-empty", declared, ReasonCode.EMPTY_FILE, "0 bytes");
        }
        MediaType type = MediaType.parse(detect(file));
        String real = type.toString();
        if (isAny(type, EXECUTABLES)) {
            return SniffResult.rejected(real, declared, ReasonCode.EXECUTABLE, "the content is " + real);
        }
        String mismatch = mismatch(type, declaredName, declaredContentType);
        if (mismatch != null) {
            return SniffResult.rejected(real, declared, ReasonCode.TYPE_MISMATCH, mismatch);
        }
        try {
            if (registry.isInstanceOf(type, ZIP)) {
                new ArchiveGuard(limits).check(file);
            }
            if (!isAllowed(type)) {
                return SniffResult.rejected(real, declared, ReasonCode.UNSUPPORTED_TYPE, real + " is not accepted");
            }
            checkComplete(file, real, size);
            Integer w = null;
            Integer h = null;
            if ("image".equals(type.getType()) && isRaster(type)) {
                ImageHeader header = decoder.header(file);
                limits.checkPixels(header.width(), header.height());
                w = header.width();
                h = header.height();
            }
            return SniffResult.ok(real, declared, w, h);
        } catch (MediaException e) {
            return SniffResult.rejected(real, declared, e);
        }
    }

    private boolean isRaster(MediaType type) {
        return !type.getSubtype().contains("svg") && !type.getSubtype().contains("x-icon")
                && !type.getSubtype().contains("wmf") && !type.getSubtype().contains("emf");
    }

    /** End markers: a JPEG ends with FFD9, a PNG with its IEND chunk, a GIF with 0x3B, a PDF with %%EOF. */
    private static void checkComplete(Path file, String type, long size) {
        byte[] tail = tail(file, size);
        boolean complete = switch (type) {
            case "image/jpeg" -> indexOf(tail, new byte[] {(byte) 0xFF, (byte) 0xD9}) >= 0;
            case "image/png" -> indexOf(tail, new byte[] {'I', 'E', 'N', 'D', (byte) 0xAE, 'B', 0x60, (byte) 0x82}) >= 0;
            case "image/gif" -> trimmedLast(tail) == 0x3B;
            case "application/pdf" -> indexOf(tail, "%%EOF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0;
            default -> true;
        };
        if (!complete) {
            throw new MediaException(ReasonCode.TRUNCATED, "the " + type + " file ends before its end marker");
        }
    }

    private static byte[] tail(Path file, long size) {
        int n = (int) Math.min(TAIL, size);
        try (var ch = Files.newByteChannel(file)) {
            ch.position(size - n);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                continue;
            }
            return buf.array();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static int trimmedLast(byte[] b) {
        int i = b.length - 1;
        while (i >= 0 && b[i] == 0) {
            i--; // some encoders pad after the trailer
        }
        return i < 0 ? -1 : b[i] & 0xff;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Null when the declaration fits the content; otherwise what contradicts it. */
    private String mismatch(MediaType real, String name, String contentType) {
        MediaType byName = typeFromName(name);
        if (byName != null && !compatible(real, byName)) {
            return "the name '" + extension(name) + "' says " + byName + " but the content is " + real;
        }
        if (contentType != null && !contentType.isBlank()) {
            String ct = contentType.trim().toLowerCase(Locale.ROOT);
            MediaType declared = MediaType.parse(ct);
            if (declared != null) {
                declared = MediaType.parse(BROWSER_ALIASES.getOrDefault(declared.getBaseType().toString(),
                        declared.getBaseType().toString()));
            }
            if (declared == null) {
                return "the declared Content-Type '" + contentType + "' is not a media type";
            }
            declared = registry.normalize(declared.getBaseType());
            if (!declared.equals(MediaType.OCTET_STREAM) && !compatible(real, declared)) {
                return "the declared Content-Type " + declared + " does not match the content " + real;
            }
        }
        return null;
    }

    private boolean compatible(MediaType real, MediaType claimed) {
        return real.equals(claimed) || registry.isSpecializationOf(real, claimed)
                || registry.isSpecializationOf(claimed, real);
    }

    private MediaType typeFromName(String name) {
        if (name == null || extension(name).isEmpty()) {
            return null;
        }
        Metadata md = new Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try {
            MediaType t = mimeTypes.detect(null, md);
            return t == null || t.equals(MediaType.OCTET_STREAM) ? null : registry.normalize(t).getBaseType();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no stream is read: not expected
        }
    }

    private String declaredType(String name, String contentType) {
        if (contentType != null && !contentType.isBlank()) {
            return contentType.trim();
        }
        MediaType t = typeFromName(name);
        return t == null ? null : t.toString();
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private boolean isAny(MediaType type, Set<MediaType> set) {
        for (MediaType t : set) {
            if (type.equals(t) || registry.isSpecializationOf(type, t)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAllowed(MediaType type) {
        for (String a : allowed) {
            if (a.endsWith("/*") ? type.getType().equals(a.substring(0, a.length() - 2))
                    : type.equals(MediaType.parse(a)) || registry.isSpecializationOf(type, MediaType.parse(a))) {
                return true;
            }
        }
        return false;
    }
}
