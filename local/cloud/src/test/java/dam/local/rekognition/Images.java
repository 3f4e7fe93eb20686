package dam.local.rekognition;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Test images: a real photo with a face, rendered text with known word positions, a plain gradient. */
final class Images {

    /**
     * "Astronaut" (Eileen Collins, NASA, public domain) as shipped in Debian {@code python3-skimage}'s data; 512×512.
     * Its facial landmarks, read off the picture by eye, in pixels: eyes at (200, 112) and (245, 112), mouth centre
     * at (222, 145). A detected face must contain all three.
     */
    static final Path ASTRONAUT = Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png");
    static final int ASTRONAUT_SIDE = 512;
    static final int[][] ASTRONAUT_LANDMARKS = {{200, 112}, {245, 112}, {222, 145}};

    private Images() {
    }

    static byte[] astronautPng() {
        try {
            return Files.readAllBytes(ASTRONAUT);
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + ASTRONAUT + ": install Debian python3-skimage", e);
        }
    }

    static byte[] astronautJpeg() {
        try {
            BufferedImage png = ImageIO.read(ASTRONAUT.toFile());
            BufferedImage rgb = new BufferedImage(png.getWidth(), png.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(png, 0, 0, null);
            g.dispose();
            return encode(rgb, "jpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] scaledJpeg(byte[] source, int width, int height) {
        try {
            BufferedImage in = ImageIO.read(new java.io.ByteArrayInputStream(source));
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(in, 0, 0, width, height, null);
            g.dispose();
            return encode(out, "jpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(20, 60, 160), width, height, new Color(250, 200, 120)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    /** Black text on white, one line per entry; returns the PNG and each word's pixel box as drawn. */
    static Rendered text(int width, int height, String... lines) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        FontMetrics metrics = g.getFontMetrics();
        Map<String, Rectangle2D> words = new LinkedHashMap<>();
        int baseline = 40 + metrics.getAscent();
        for (String line : lines) {
            int x = 40;
            g.drawString(line, x, baseline);
            for (String word : line.split(" ")) {
                int before = metrics.stringWidth(line.substring(0, line.indexOf(word)));
                words.put(word, new Rectangle2D.Double(x + before, baseline - metrics.getAscent(),
                        metrics.stringWidth(word), metrics.getAscent() + metrics.getDescent()));
            }
            baseline += metrics.getHeight() * 2;
        }
        g.dispose();
        return new Rendered(encode(image, "png"), width, height, words);
    }

    record Rendered(byte[] png, int width, int height, Map<String, Rectangle2D> words) {
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
