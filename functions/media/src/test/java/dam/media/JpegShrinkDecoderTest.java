package dam.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Node;

class JpegShrinkDecoderTest {
    @TempDir
    Path dir;

    /** Mean absolute channel difference between a reduced decode and the full decode box-averaged by r. */
    private static double meanError(BufferedImage reduced, BufferedImage full, int r) {
        long sum = 0;
        long count = 0;
        for (int y = 0; y < reduced.getHeight() && (y + 1) * r <= full.getHeight(); y++) {
            for (int x = 0; x < reduced.getWidth() && (x + 1) * r <= full.getWidth(); x++) {
                int[] avg = new int[3];
                for (int dy = 0; dy < r; dy++) {
                    for (int dx = 0; dx < r; dx++) {
                        int p = full.getRGB(x * r + dx, y * r + dy);
                        avg[0] += p >> 16 & 0xff;
                        avg[1] += p >> 8 & 0xff;
                        avg[2] += p & 0xff;
                    }
                }
                int q = reduced.getRGB(x, y);
                sum += Math.abs(avg[0] / (r * r) - (q >> 16 & 0xff)) + Math.abs(avg[1] / (r * r) - (q >> 8 & 0xff))
                        + Math.abs(avg[2] / (r * r) - (q & 0xff));
                count += 3;
            }
        }
        return (double) sum / count;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void reducedDecodeMatchesTheAveragedFullDecode(int reduction) throws IOException {
        Path f = TestImages.write(dir, "p.jpg", TestImages.jpeg(TestImages.photo(803, 601, 17)));
        BufferedImage small = JpegShrinkDecoder.decode(f, reduction);
        assertThat(small).isNotNull();
        assertThat(small.getWidth()).isEqualTo((803 + reduction - 1) / reduction);
        assertThat(small.getHeight()).isEqualTo((601 + reduction - 1) / reduction);
        // 4:2:0 chroma and the box filter differ slightly from libjpeg's fancy upsampling: a few levels at most
        assertThat(meanError(small, ImageIO.read(f.toFile()), reduction)).isLessThan(4.0);
    }

    @Test
    void grayscale() throws IOException {
        BufferedImage gray = new BufferedImage(400, 300, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(TestImages.photo(400, 300, 3), 0, 0, null);
        Path f = TestImages.write(dir, "g.jpg", TestImages.encode(gray, "jpeg"));
        BufferedImage small = JpegShrinkDecoder.decode(f, 4);
        assertThat(small.getWidth()).isEqualTo(100);
        // compare raw samples: getRGB on TYPE_BYTE_GRAY would apply a linear-to-sRGB curve JPEG gray never had
        BufferedImage raw = ImageIO.read(f.toFile());
        BufferedImage full = new BufferedImage(raw.getWidth(), raw.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < raw.getHeight(); y++) {
            for (int x = 0; x < raw.getWidth(); x++) {
                int v = raw.getRaster().getSample(x, y, 0);
                full.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertThat(meanError(small, full, 4)).isLessThan(3.0);
    }

    @Test
    void fullChromaAndRestartIntervals() throws IOException {
        Path f = dir.resolve("444.jpg");
        writeJpeg(TestImages.photo(530, 410, 8), f, false, 1, 7);
        BufferedImage small = JpegShrinkDecoder.decode(f, 2);
        assertThat(small).isNotNull();
        assertThat(meanError(small, ImageIO.read(f.toFile()), 2)).isLessThan(3.0);
    }

    @Test
    void progressiveIsLeftToImageIoAndRenditionsStillWork() throws IOException {
        Path f = dir.resolve("prog.jpg");
        writeJpeg(TestImages.photo(1200, 800, 9), f, true, 2, 0);
        assertThat(JpegShrinkDecoder.decode(f, 4)).isNull();
        Rendition r = new Renditions().render(f, RenditionSize.THUMBNAIL, OutputFormat.JPEG,
                new ByteArrayOutputStream());
        assertThat(r.decodePath()).isEqualTo(Rendition.IMAGEIO_SUBSAMPLED);
        assertThat(r.width()).isEqualTo(256);
    }

    @Test
    void baselineRenditionsUseTheFastPath() {
        Path f = TestImages.write(dir, "p.jpg", TestImages.jpeg(TestImages.photo(3000, 2000, 4)));
        Rendition r = new Renditions().render(f, RenditionSize.PREVIEW, OutputFormat.JPEG, new ByteArrayOutputStream());
        assertThat(r.decodePath()).isEqualTo(Rendition.JPEG_DCT_SCALED);
        assertThat(r.subsampling()).isEqualTo(2); // 3000/2 = 1500 ≥ 1024 > 3000/4
        assertThat(r.width()).isEqualTo(1024);
    }

    @Test
    void embeddedRgbProfileIsConvertedToSrgb() throws IOException {
        // Linear-light RGB profile: a stored 128 means 50 % linear light, which is about 188 in sRGB.
        byte[] jpeg = TestImages.jpeg(TestImages.solid(256, 256, 0x808080));
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] app2 = TestImages.concat("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 1},
                profile);
        Path f = TestImages.write(dir, "linear.jpg", TestImages.withSegment(jpeg, 0xE2, app2));
        BufferedImage small = JpegShrinkDecoder.decode(f, 4);
        int g = small.getRGB(32, 32) >> 8 & 0xff;
        assertThat(g).isBetween(180, 196);
    }

    @Test
    void reductionIsTheLargestThatStillCoversTheTarget() {
        assertThat(JpegShrinkDecoder.reductionFor(6000, 4000, 1024)).isEqualTo(4);
        assertThat(JpegShrinkDecoder.reductionFor(6000, 4000, 256)).isEqualTo(8);
        assertThat(JpegShrinkDecoder.reductionFor(6000, 4000, 2048)).isEqualTo(2);
        assertThat(JpegShrinkDecoder.reductionFor(3000, 2000, 2048)).isEqualTo(1);
    }

    /** JDK writer with chosen sampling (1 = 4:4:4, 2 = 4:2:0), restart interval and progressive mode. */
    private static void writeJpeg(BufferedImage img, Path file, boolean progressive, int lumaSampling, int restart)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(format);
        IIOMetadataNode seq = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode sof = (IIOMetadataNode) seq.getElementsByTagName("sof").item(0);
        if (sof != null) {
            Node comp = sof.getElementsByTagName("componentSpec").item(0);
            ((IIOMetadataNode) comp).setAttribute("HsamplingFactor", String.valueOf(lumaSampling));
            ((IIOMetadataNode) comp).setAttribute("VsamplingFactor", String.valueOf(lumaSampling));
        }
        if (restart > 0) {
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", String.valueOf(restart));
            seq.insertBefore(dri, seq.getElementsByTagName("sos").item(0) == null ? null
                    : seq.getFirstChild());
        }
        md.setFromTree(format, root);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, md), param);
        } finally {
            writer.dispose();
        }
    }
}
