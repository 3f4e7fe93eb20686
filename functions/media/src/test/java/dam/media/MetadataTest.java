package dam.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataTest {
    @TempDir
    Path dir;

    private final Metadata metadata = new Metadata();

    @Test
    void jpegExifIptcXmpAndOrientation() {
        byte[] jpeg = TestImages.jpeg(TestImages.photo(400, 300, 7));
        jpeg = TestImages.withIptc(jpeg, List.of("summer", "beach"), "Jo Photographer", "(c) Brand Ltd");
        jpeg = TestImages.withXmp(jpeg, "Ada Creator", "All rights reserved");
        jpeg = TestImages.withExif(jpeg, 6, "Canon", "EOS R5", 300);
        Path f = TestImages.write(dir, "p.jpg", jpeg);

        TechMetadata md = metadata.read(f, "image/jpeg");

        assertThat(md.width()).isEqualTo(400);
        assertThat(md.height()).isEqualTo(300);
        assertThat(md.orientation()).isEqualTo(6);
        assertThat(md.displayWidth()).isEqualTo(300);
        assertThat(md.displayHeight()).isEqualTo(400);
        assertThat(md.colourModel()).isEqualTo("RGB");
        assertThat(md.hasAlpha()).isFalse();
        assertThat(md.dpiX()).isEqualTo(300.0);
        assertThat(md.sizeBytes()).isEqualTo(jpeg.length);
        assertThat(md.fields()).containsEntry("exif:Make", "Canon").containsEntry("exif:Model", "EOS R5");
        assertThat(md.fields().get("iptc:Keywords")).contains("summer").contains("beach");
        assertThat(md.fields()).containsEntry("iptc:Byline", "Jo Photographer");
        assertThat(md.fields()).containsEntry("iptc:Copyright", "(c) Brand Ltd");
        assertThat(md.fields()).containsEntry("xmp:Creator", "Ada Creator");
        assertThat(md.fields().get("xmp:Rights")).isEqualTo("All rights reserved");
    }

    @Test
    void pngWithAlphaAndResolution() {
        BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_ARGB);
        byte[] png = TestImages.withPngDpi(TestImages.encode(img, "png"), 150);
        Path f = TestImages.write(dir, "logo.png", png);

        TechMetadata md = metadata.read(f, "image/png");

        assertThat(md.width()).isEqualTo(120);
        assertThat(md.height()).isEqualTo(80);
        assertThat(md.hasAlpha()).isTrue();
        assertThat(md.dpiX()).isCloseTo(150.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(md.orientation()).isEqualTo(1);
    }

    @Test
    void cmykTiffReportsCmyk() throws IOException {
        Path f = dir.resolve("print.tif");
        ImageIO.write(cmyk(64, 32, new byte[] {(byte) 255, 0, 0, 0}), "tiff", f.toFile());

        TechMetadata md = metadata.read(f, "image/tiff");

        assertThat(md.colourModel()).isEqualTo("CMYK");
        assertThat(md.width()).isEqualTo(64);
        assertThat(md.height()).isEqualTo(32);
    }

    @Test
    void pdfPageCount() throws IOException {
        Path f = dir.resolve("deck.pdf");
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < 3; i++) {
                doc.addPage(new PDPage());
            }
            doc.getDocumentInformation().setTitle("Launch deck");
            doc.save(f.toFile());
        }
        TechMetadata md = metadata.read(f, "application/pdf");
        assertThat(md.pageCount()).isEqualTo(3);
        assertThat(md.fields()).containsEntry("pdf:Title", "Launch deck").containsEntry("pdf:PageSizePoints", "612x792");
    }

    @Test
    void wavDurationSampleRateAndChannels() throws IOException {
        AudioFormat fmt = new AudioFormat(22_050, 16, 2, true, false);
        byte[] pcm = new byte[22_050 * 4 * 3 / 2]; // 1.5 s of stereo 16-bit silence
        Path f = dir.resolve("jingle.wav");
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(pcm), fmt,
                pcm.length / fmt.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, f.toFile());
        }
        String type = new Sniffer().detect(f);
        TechMetadata md = metadata.read(f, type);
        assertThat(type).startsWith("audio/");
        assertThat(md.durationSeconds()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(md.sampleRate()).isEqualTo(22_050);
        assertThat(md.channels()).isEqualTo(2);
    }

    /** A CMYK image in TwelveMonkeys' built-in generic CMYK ICC space, one colour everywhere. */
    static BufferedImage cmyk(int w, int h, byte[] cmyk) {
        ColorSpace cs = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setDataElements(x, y, cmyk);
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }
}
