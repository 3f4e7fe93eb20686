package dam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RenditionsTest {
    @TempDir
    Path dir;

    private final Renditions renditions = new Renditions();

    @Test
    void threeNamedSizesFromOneSubsampledDecode() {
        Path src = TestImages.write(dir, "big.jpg", TestImages.jpeg(TestImages.photo(3000, 2000, 11)));
        Map<RenditionSize, ByteArrayOutputStream> outs = new EnumMap<>(RenditionSize.class);

        List<Rendition> all = renditions.renderAll(src, Renditions.standardSizes(), OutputFormat.JPEG,
                size -> outs.computeIfAbsent(size, s -> new ByteArrayOutputStream()));

        assertThat(all).extracting(Rendition::name).containsExactly("web", "preview", "thumbnail");
        assertThat(all).extracting(Rendition::width).containsExactly(2048, 1024, 256);
        assertThat(all).extracting(Rendition::height).containsExactly(1365, 683, 171);
        BufferedImage thumb = TestImages.read(outs.get(RenditionSize.THUMBNAIL).toByteArray());
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(thumb.getHeight()).isEqualTo(171);
        assertThat(all.get(0).bytes()).isEqualTo(outs.get(RenditionSize.WEB).size());
    }

    @Test
    void smallOutputsDecodeOnlyAFractionOfThePixels() {
        BufferedImage photo = TestImages.photo(3000, 2000, 12);
        Path jpg = TestImages.write(dir, "big.jpg", TestImages.jpeg(photo));
        Rendition fromJpeg = renditions.render(jpg, RenditionSize.THUMBNAIL, OutputFormat.JPEG,
                new ByteArrayOutputStream());
        // JPEG: DCT-domain 1/8 decode → 375×250 pixels are ever reconstructed, not 6 MP
        assertThat(fromJpeg.decodePath()).isEqualTo(Rendition.JPEG_DCT_SCALED);
        assertThat(fromJpeg.subsampling()).isEqualTo(8);
        assertThat(fromJpeg.width()).isEqualTo(256);

        Path png = TestImages.write(dir, "big.png", TestImages.encode(photo, "png"));
        Rendition fromPng = renditions.render(png, RenditionSize.THUMBNAIL, OutputFormat.JPEG,
                new ByteArrayOutputStream());
        // other formats: ImageIO source subsampling, every 11th pixel → 273×182
        assertThat(fromPng.decodePath()).isEqualTo(Rendition.IMAGEIO_SUBSAMPLED);
        assertThat(fromPng.subsampling()).isEqualTo(11);
        assertThat(fromPng.width()).isEqualTo(256);
    }

    @Test
    void exifOrientationIsHonoured() {
        // Stored landscape 400×200 with a red left half; orientation 6 = display rotated 90° clockwise.
        BufferedImage img = TestImages.solid(400, 200, 0x0000FF);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 200, 200);
        g.dispose();
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(img), 6, "Test", "Cam", 72);
        Path src = TestImages.write(dir, "rot.jpg", jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rendition r = renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.PNG, out);

        assertThat(r.orientation()).isEqualTo(6);
        assertThat(r.width()).isEqualTo(128);
        assertThat(r.height()).isEqualTo(256);
        BufferedImage shown = TestImages.read(out.toByteArray());
        // stored left (red) becomes the top after a clockwise rotation
        assertThat(new Color(shown.getRGB(64, 20)).getRed()).isGreaterThan(200);
        assertThat(new Color(shown.getRGB(64, 236)).getBlue()).isGreaterThan(200);
    }

    @Test
    void grayValuesAreKeptAsDisplayValues() {
        BufferedImage gray = new BufferedImage(100, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        Path src = TestImages.write(dir, "gray.png", TestImages.encode(gray, "png"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.PNG, out);
        assertThat(new Color(TestImages.read(out.toByteArray()).getRGB(50, 40))).isEqualTo(new Color(100, 100, 100));
    }

    @Test
    void neverUpscales() {
        Path src = TestImages.write(dir, "small.png", TestImages.encode(TestImages.photo(300, 200, 3), "png"));
        Rendition r = renditions.render(src, RenditionSize.PREVIEW, OutputFormat.PNG, new ByteArrayOutputStream());
        assertThat(r.width()).isEqualTo(300);
        assertThat(r.height()).isEqualTo(200);
    }

    @Test
    void cmykIsConvertedToSrgb() throws IOException {
        Path src = dir.resolve("cyan.tif");
        ImageIO.write(MetadataTest.cmyk(300, 200, new byte[] {(byte) 255, 0, 0, 0}), "tiff", src.toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.PNG, out);

        BufferedImage img = TestImages.read(out.toByteArray());
        assertThat(img.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        Color c = new Color(img.getRGB(100, 60));
        // process cyan in sRGB: no red, strong green and blue
        assertThat(c.getRed()).isLessThan(60);
        assertThat(c.getGreen()).isGreaterThan(120);
        assertThat(c.getBlue()).isGreaterThan(180);
    }

    @Test
    void cmykJpegIsReadAndConvertedToSrgb() throws IOException {
        Path src = dir.resolve("cyan.jpg");
        assertThat(ImageIO.write(MetadataTest.cmyk(300, 200, new byte[] {(byte) 255, 0, 0, 0}), "jpeg",
                src.toFile())).isTrue();
        assertThat(new Metadata().read(src, "image/jpeg").colourModel()).isEqualTo("CMYK");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rendition r = renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.JPEG, out);

        assertThat(r.decodePath()).isEqualTo(Rendition.IMAGEIO_SUBSAMPLED); // 4-channel JPEGs go to TwelveMonkeys
        Color c = new Color(TestImages.read(out.toByteArray()).getRGB(100, 60));
        assertThat(c.getRed()).isLessThan(60);
        assertThat(c.getGreen()).isGreaterThan(120);
        assertThat(c.getBlue()).isGreaterThan(180);
    }

    @Test
    void alphaIsKeptInPngAndFlattenedOnWhiteInJpeg() {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(25, 25, 50, 50);
        g.dispose();
        Path src = TestImages.write(dir, "logo.png", TestImages.encode(img, "png"));

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.PNG, png);
        BufferedImage p = TestImages.read(png.toByteArray());
        assertThat(p.getColorModel().hasAlpha()).isTrue();
        assertThat(p.getRGB(5, 5) >>> 24).isZero();

        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.JPEG, jpg);
        Color corner = new Color(TestImages.read(jpg.toByteArray()).getRGB(5, 5));
        assertThat(corner.getRed()).isGreaterThan(240);
        assertThat(corner.getGreen()).isGreaterThan(240);
    }

    @ParameterizedTest
    @EnumSource(value = OutputFormat.class, names = {"JPEG", "PNG", "TIFF", "GIF"})
    void writesEveryFormatThatHasAnEncoder(OutputFormat format) {
        Path src = TestImages.write(dir, "src.jpg", TestImages.jpeg(TestImages.photo(600, 400, 5)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Rendition r = renditions.render(src, RenditionSize.THUMBNAIL, format, out);
        Path written = TestImages.write(dir, "out." + format.extension(), out.toByteArray());
        assertThat(new Sniffer().detect(written)).isEqualTo(format.mediaType());
        BufferedImage back = TestImages.read(out.toByteArray());
        assertThat(back.getWidth()).isEqualTo(r.width()).isEqualTo(256);
        assertThat(back.getHeight()).isEqualTo(r.height()).isEqualTo(171);
    }

    @Test
    void webpIsWrittenOnlyIfAnEncoderExistsOtherwiseSaysSo() {
        Path src = TestImages.write(dir, "src.jpg", TestImages.jpeg(TestImages.photo(100, 80, 6)));
        if (OutputFormat.WEBP.writable()) {
            Rendition r = renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.WEBP, new ByteArrayOutputStream());
            assertThat(r.bytes()).isPositive();
        } else {
            assertThat(OutputFormat.writableFormats()).doesNotContain(OutputFormat.WEBP)
                    .contains(OutputFormat.JPEG, OutputFormat.PNG, OutputFormat.TIFF, OutputFormat.GIF);
            assertThatThrownBy(() -> renditions.render(src, RenditionSize.THUMBNAIL, OutputFormat.WEBP,
                    new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(MediaException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReasonCode.UNSUPPORTED_FORMAT))
                    .hasMessageContaining("WEBP");
        }
    }

    @Test
    void decodersForWebpPsdAndBmpAreRegistered() {
        // No WebP/PSD encoder is available to make samples here; check the TwelveMonkeys decoders are on the path.
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).isTrue();
        assertThat(ImageIO.getImageReadersByFormatName("psd").hasNext()).isTrue();
        assertThat(ImageIO.getImageReadersByFormatName("bmp").hasNext()).isTrue();
    }

    @Test
    void pdfFirstPageIsRendered() throws IOException {
        Path pdf = dir.resolve("deck.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.setNonStrokingColor(Color.RED);
                cs.addRect(0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight() / 2); // bottom half
                cs.fill();
            }
            doc.addPage(new PDPage(PDRectangle.A4));
            doc.save(pdf.toFile());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Rendition r = renditions.render(pdf, RenditionSize.PREVIEW, OutputFormat.PNG, out);
        assertThat(r.height()).isEqualTo(1024);
        assertThat(r.width()).isBetween(722, 726); // A4 is 595×842 pt
        BufferedImage img = TestImages.read(out.toByteArray());
        assertThat(new Color(img.getRGB(300, 900)).getRed()).isGreaterThan(240);
        assertThat(new Color(img.getRGB(300, 900)).getGreen()).isLessThan(20);
        assertThat(new Color(img.getRGB(300, 100)).getGreen()).isGreaterThan(240); // white top half
    }

    @Test
    void pixelBombIsRefusedBeforeDecoding() {
        Path f = TestImages.write(dir, "bomb.png", TestImages.pngBomb(50_000, 50_000));
        assertThatThrownBy(() -> renditions.render(f, RenditionSize.THUMBNAIL, OutputFormat.JPEG,
                new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.PIXEL_BOMB));
    }

    @Test
    void garbageIsRefusedWithAReason() throws IOException {
        Path f = Files.write(dir.resolve("x.jpg"), "not an image at all".getBytes());
        assertThatThrownBy(() -> renditions.render(f, RenditionSize.THUMBNAIL, OutputFormat.JPEG,
                new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.UNSUPPORTED_FORMAT));
    }
}
