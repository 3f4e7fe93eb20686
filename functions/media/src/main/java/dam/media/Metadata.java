package dam.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.adobe.internal.xmp.properties.XMPProperty;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.xmp.XmpDirectory;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Technical metadata: pixel facts from the ImageIO header (dimensions, colour model, ICC, alpha, DPI), EXIF/IPTC/XMP
 * and audio/video facts from Tika's image and audio-video parsers, PDF facts from PDFBox. Call it after the
 * {@link Sniffer} accepted the file (it does not re-check limits beyond pixel dimensions).
 */
public final class Metadata {
    /** Tika key → our key; the first one present wins for a given output key. */
    private static final Map<String, List<String>> FIELDS = fields();

    private final Parser parser;
    private final ImageDecoder decoder;

    public Metadata(ImageDecoder decoder) {
        this.parser = new AutoDetectParser();
        this.decoder = decoder;
    }

    public Metadata() {
        this(new ImageDecoder());
    }

    public TechMetadata read(Path file, String mediaType) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        if ("application/pdf".equals(mediaType)) {
            return pdf(file, size);
        }
        org.apache.tika.metadata.Metadata tika = tika(file, mediaType);
        Map<String, String> fields = new TreeMap<>();
        FIELDS.forEach((ours, theirs) -> theirs.stream().map(k -> joined(tika, k)).filter(v -> v != null)
                .findFirst().ifPresent(v -> fields.put(ours, v)));

        Integer width = integer(tika.get("tiff:ImageWidth"));
        Integer height = integer(tika.get("tiff:ImageLength"));
        String colour = null;
        String icc = tika.get("ICC:Profile Description");
        boolean alpha = false;
        Double dpiX = null;
        Double dpiY = null;
        int orientation = 1;
        if (mediaType.startsWith("image/")) {
            ImageHeader header = headerOrNull(file);
            if (header != null) {
                decoder.limits().checkPixels(header.width(), header.height());
                width = header.width();
                height = header.height();
                colour = header.colourModel();
                icc = icc != null ? icc.trim() : header.iccProfile();
                alpha = header.hasAlpha();
                dpiX = header.dpiX();
                dpiY = header.dpiY();
            }
            orientation = Orientation.read(file);
            xmp(file, fields);
            if (dpiX == null) {
                dpiX = exifDpi(tika.get("tiff:XResolution"), tika.get("tiff:ResolutionUnit"));
                dpiY = exifDpi(tika.get("tiff:YResolution"), tika.get("tiff:ResolutionUnit"));
            }
        }
        boolean swap = Orientation.swapsAxes(orientation);
        Double duration = number(tika.get("xmpDM:duration"));
        Integer sampleRate = integer(tika.get("xmpDM:audioSampleRate"));
        Integer channels = channels(tika.get("xmpDM:audioChannelType"), tika.get("channels"));
        String audioCodec = first(tika, "xmpDM:audioCompressor", "encoding");
        if (mediaType.startsWith("audio/") && duration == null) {
            duration = javaSoundDuration(file);
        }
        return new TechMetadata(mediaType, size, width, height, orientation,
                swap ? height : width, swap ? width : height, colour, icc, alpha, dpiX, dpiY, duration,
                audioCodec, first(tika, "xmpDM:videoCompressor"), sampleRate, channels, null, fields);
    }

    /** XMP key fields straight from the packet (Tika maps only some of them). */
    private static void xmp(Path file, Map<String, String> fields) {
        try {
            for (XmpDirectory d : ImageMetadataReader.readMetadata(file.toFile()).getDirectoriesOfType(XmpDirectory.class)) {
                XMPMeta x = d.getXMPMeta();
                putIfPresent(fields, "xmp:Rights", localized(x, XMPConst.NS_DC, "rights"));
                putIfPresent(fields, "xmp:Title", localized(x, XMPConst.NS_DC, "title"));
                putIfPresent(fields, "xmp:Description", localized(x, XMPConst.NS_DC, "description"));
                putIfPresent(fields, "xmp:UsageTerms", localized(x, XMPConst.NS_XMP_RIGHTS, "UsageTerms"));
                putIfPresent(fields, "xmp:CreatorTool", x.getPropertyString(XMPConst.NS_XMP, "CreatorTool"));
                if (x.doesPropertyExist(XMPConst.NS_DC, "creator")) {
                    putIfPresent(fields, "xmp:Creator", x.getArrayItem(XMPConst.NS_DC, "creator", 1).getValue());
                }
            }
        } catch (ImageProcessingException | IOException | XMPException e) {
            // XMP is optional; a malformed packet leaves the Tika fields in place.
            System.getLogger(Metadata.class.getName()).log(System.Logger.Level.DEBUG, "no XMP: " + e);
        }
    }

    private static String localized(XMPMeta x, String ns, String name) throws XMPException {
        XMPProperty p = x.getLocalizedText(ns, name, "", XMPConst.X_DEFAULT);
        return p == null ? null : p.getValue();
    }

    private ImageHeader headerOrNull(Path file) {
        try {
            return decoder.header(file);
        } catch (MediaException e) {
            if (e.reason() == ReasonCode.UNSUPPORTED_FORMAT) {
                return null; // e.g. SVG or HEIC: Tika's fields still apply
            }
            throw e;
        }
    }

    private org.apache.tika.metadata.Metadata tika(Path file, String mediaType) {
        org.apache.tika.metadata.Metadata md = new org.apache.tika.metadata.Metadata();
        md.set(org.apache.tika.metadata.Metadata.CONTENT_TYPE, mediaType); // the sniffed type, not the declared one
        try (InputStream in = TikaInputStream.get(file)) {
            parser.parse(in, new DefaultHandler(), md, new ParseContext());
        } catch (IOException | SAXException | TikaException e) {
            // Partial metadata is still useful; corrupt files were already refused by the sniffer.
            System.getLogger(Metadata.class.getName()).log(System.Logger.Level.WARNING,
                    "metadata parse of " + mediaType + " incomplete: " + e.getMessage());
        }
        return md;
    }

    private static TechMetadata pdf(Path file, long size) {
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            Map<String, String> fields = new TreeMap<>();
            PDDocumentInformation info = doc.getDocumentInformation();
            putIfPresent(fields, "pdf:Title", info.getTitle());
            putIfPresent(fields, "pdf:Author", info.getAuthor());
            putIfPresent(fields, "pdf:Subject", info.getSubject());
            putIfPresent(fields, "pdf:Keywords", info.getKeywords());
            putIfPresent(fields, "pdf:Producer", info.getProducer());
            putIfPresent(fields, "pdf:Version", String.valueOf(doc.getVersion()));
            Integer w = null;
            Integer h = null;
            if (doc.getNumberOfPages() > 0) {
                var box = doc.getPage(0).getCropBox();
                fields.put("pdf:PageSizePoints", Math.round(box.getWidth()) + "x" + Math.round(box.getHeight()));
            }
            return new TechMetadata("application/pdf", size, w, h, 1, w, h, null, null, false, null, null, null,
                    null, null, null, null, doc.getNumberOfPages(), fields);
        } catch (IOException e) {
            throw new MediaException(ReasonCode.CORRUPT, "the PDF cannot be read: " + e.getMessage(), e);
        }
    }

    private static Double javaSoundDuration(Path file) {
        try {
            AudioFileFormat f = AudioSystem.getAudioFileFormat(file.toFile());
            if (f.getFrameLength() > 0 && f.getFormat().getFrameRate() > 0) {
                return f.getFrameLength() / (double) f.getFormat().getFrameRate();
            }
        } catch (UnsupportedAudioFileException | IOException e) {
            System.getLogger(Metadata.class.getName()).log(System.Logger.Level.DEBUG, "no Java Sound duration: " + e);
        }
        return null;
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v.trim());
        }
    }

    private static String joined(org.apache.tika.metadata.Metadata md, String key) {
        String[] values = md.getValues(key);
        if (values == null || values.length == 0) {
            return null;
        }
        String v = String.join("; ", values).trim();
        return v.isEmpty() ? null : v;
    }

    private static String first(org.apache.tika.metadata.Metadata md, String... keys) {
        for (String k : keys) {
            String v = md.get(k);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static Double exifDpi(String value, String unit) {
        Double v = number(value == null ? null : value.replaceAll("[^0-9.].*$", ""));
        if (v == null || v <= 0) {
            return null;
        }
        if (unit != null && unit.toLowerCase().contains("cm")) {
            return Math.round(v * 2.54 * 100) / 100.0;
        }
        return v;
    }

    private static Integer channels(String channelType, String channels) {
        Integer n = integer(channels);
        if (n != null) {
            return n;
        }
        if (channelType == null) {
            return null;
        }
        return switch (channelType.toLowerCase()) {
            case "mono" -> 1;
            case "stereo" -> 2;
            case "5.1" -> 6;
            case "7.1" -> 8;
            default -> null;
        };
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null; // free text where a number was expected: treated as absent
        }
    }

    private static Integer integer(String s) {
        Double d = number(s == null ? null : s.replaceAll("[^0-9.].*$", ""));
        return d == null ? null : (int) Math.round(d);
    }

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("exif:Make", List.of("tiff:Make"));
        m.put("exif:Model", List.of("tiff:Model"));
        m.put("exif:Software", List.of("tiff:Software"));
        m.put("exif:DateTimeOriginal", List.of("exif:DateTimeOriginal", "dcterms:created"));
        m.put("exif:ExposureTime", List.of("exif:ExposureTime"));
        m.put("exif:FNumber", List.of("exif:FNumber"));
        m.put("exif:ISO", List.of("exif:IsoSpeedRatings"));
        m.put("exif:FocalLength", List.of("exif:FocalLength"));
        m.put("exif:ColorSpace", List.of("Color Space"));
        m.put("gps:Latitude", List.of("geo:lat"));
        m.put("gps:Longitude", List.of("geo:long"));
        m.put("iptc:Keywords", List.of("Keywords", "dc:subject"));
        m.put("iptc:Caption", List.of("Caption/Abstract"));
        m.put("iptc:Byline", List.of("By-line"));
        m.put("iptc:Copyright", List.of("Copyright Notice"));
        m.put("iptc:Headline", List.of("Headline", "photoshop:Headline"));
        m.put("iptc:Credit", List.of("Credit", "photoshop:Credit"));
        m.put("xmp:Creator", List.of("dc:creator"));
        m.put("xmp:Rights", List.of("dc:rights", "xmpRights:UsageTerms"));
        m.put("xmp:Title", List.of("dc:title"));
        m.put("xmp:Description", List.of("dc:description"));
        m.put("xmp:CreatorTool", List.of("xmp:CreatorTool"));
        return m;
    }
}
