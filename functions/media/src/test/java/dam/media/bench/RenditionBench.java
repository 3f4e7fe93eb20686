package dam.media.bench;

import dam.media.ImageDecoder;
import dam.media.OutputFormat;
import dam.media.Rendition;
import dam.media.RenditionSize;
import dam.media.Renditions;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import net.coobird.thumbnailator.Thumbnails;

/**
 * 24 MP JPEG (6000×4000, noise + gradients), a 60 MB uncompressed TIFF and a 4000×3000 PNG with alpha → 1024 px:
 * ours in-process (warm) and in a fresh JVM vs vipsthumbnail and ImageMagick, time and peak RSS via
 * /usr/bin/time -v, printed side by side with ratios (and written to $DAM_BENCH_PARTS/rendition.tsv).
 * Run: {@code java -cp <test classpath> dam.media.bench.RenditionBench [workdir] [runs]}. Prints; asserts nothing.
 */
public final class RenditionBench {
    private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time.*: (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
    private static final Pattern USER = Pattern.compile("User time \\(seconds\\): (\\d+(?:\\.\\d+)?)");
    private static final Pattern SYS = Pattern.compile("System time \\(seconds\\): (\\d+(?:\\.\\d+)?)");
    private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    private RenditionBench() {
    }

    /** seconds = wall time; cpu = user+sys CPU seconds (robust when other work shares the cores). */
    record Row(String tool, double seconds, double cpu, Double rssMb, String note) {
    }

    /** One benchmark source: a generated file and the format every tool writes its 1024 px rendition in. */
    record Source(String label, Path file, OutputFormat format) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(work);
        List<Source> sources = List.of(
                new Source("24 MP JPEG", generated(work.resolve("24mp.jpg"), RenditionBench::generate),
                        OutputFormat.JPEG),
                new Source("60 MB TIFF", generated(work.resolve("60mb.tif"), RenditionBench::generateTiff),
                        OutputFormat.JPEG),
                new Source("PNG with alpha", generated(work.resolve("alpha.png"), RenditionBench::generateAlphaPng),
                        OutputFormat.PNG));
        List<String> figures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Source source : sources) {
            compare(source, work, runs, figures, failed);
        }
        System.out.printf(Locale.ROOT, "%nload average while measuring: %.1f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("\ngoal: ours ≤ 1.5× vipsthumbnail time");
        writeFigures(figures);
        if (!failed.isEmpty()) {
            // Loud, so ./dam bench reports the part as failed instead of a results table silently missing rows.
            System.err.println("RenditionBench: rows of ours failed (not in the figures):");
            failed.forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }

    interface Generator {
        void write(Path file) throws IOException;
    }

    private static Path generated(Path file, Generator generator) throws IOException {
        if (!Files.exists(file)) {
            generator.write(file);
        }
        return file;
    }

    /** Ours (warm in-process, and a fresh JVM with its RSS) vs vipsthumbnail and ImageMagick on one source. */
    private static void compare(Source source, Path work, int runs, List<String> figures, List<String> failed)
            throws Exception {
        Path src = source.file();
        String ext = source.format().extension();
        System.out.printf(Locale.ROOT, "%nsource: %s, %s (%d bytes), target: long edge 1024, %s, %d runs, median%n",
                source.label(), src, Files.size(src), source.format(), runs);
        List<Row> rows = new ArrayList<>();
        rows.add(inProcess("ours, warm in-process", src, work, runs, new Renditions(), source.format()));
        if (source.format() == OutputFormat.JPEG && src.toString().endsWith(".jpg")) {
            rows.add(inProcess("ours, warm, oversample 2 (sharper)", src, work, runs,
                    new Renditions(new ImageDecoder(), 2.0), source.format()));
            rows.add(fullDecode(src, work, runs));
        }
        rows.add(external("ours, one-shot fresh JVM", runs,
                oneShot(src, work.resolve("once." + ext), source.format()).toArray(String[]::new)));
        String vipsOut = work.toAbsolutePath().resolve("vips." + ext) + (ext.equals("jpg") ? "[Q=85]" : "");
        rows.add(external("vipsthumbnail", runs, "vipsthumbnail", src.toString(), "-s", "1024", "-o", vipsOut));
        rows.add(external("ImageMagick convert", runs, "/usr/bin/convert", src.toString(), "-resize", "1024x1024",
                "-quality", "85", work.resolve("magick." + ext).toString()));

        Row vips = rows.stream().filter(r -> r.tool().equals("vipsthumbnail") && r.seconds() > 0).findFirst()
                .orElse(null);
        Row magick = rows.stream().filter(r -> r.tool().equals("ImageMagick convert") && r.seconds() > 0)
                .findFirst().orElse(null);
        System.out.printf(Locale.ROOT, "%n%-44s %8s %8s %9s %9s %8s  %s%n", "tool", "wall s", "cpu s", "wall×vips",
                "cpu×vips", "RSS MB", "note");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %9s %9s %8s  %s%n", r.tool(), r.seconds(), r.cpu(),
                    ratio(r.seconds(), vips == null ? 0 : vips.seconds()), ratio(r.cpu(), vips == null ? 0 : vips.cpu()),
                    r.rssMb() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.rssMb()), r.note());
        }
        for (Row r : rows) {
            if (r.tool().startsWith("ours") && r.seconds() <= 0) {
                failed.add(source.label() + ", " + r.tool() + ": " + r.note());
            }
            if (!r.tool().startsWith("ours") || r.seconds() <= 0) {
                continue;
            }
            figures.add(figure("rendition " + source.label() + " → 1024 px: " + r.tool() + ", wall time",
                    r.seconds() * 1000, vips, Row::seconds, 1000, "ms", "vipsthumbnail"));
            figures.add(figure("rendition " + source.label() + " → 1024 px: " + r.tool() + " vs ImageMagick, wall time",
                    r.seconds() * 1000, magick, Row::seconds, 1000, "ms", "ImageMagick"));
            if (r.rssMb() != null) {
                figures.add(figure("rendition " + source.label() + " → 1024 px: " + r.tool() + ", peak RSS",
                        r.rssMb(), vips, Row::rssMb, 1, "MB", "vipsthumbnail"));
                figures.add(figure("rendition " + source.label() + " → 1024 px: " + r.tool()
                        + " vs ImageMagick, peak RSS", r.rssMb(), magick, Row::rssMb, 1, "MB", "ImageMagick"));
            }
        }
    }

    /** One figure line for bench/results (tab-separated: name, ours, baseline or NaN, unit, baseline name). */
    private static String figure(String name, double ours, Row base, java.util.function.Function<Row, Double> value,
                                 double scale, String unit, String baseName) {
        double b = base == null || value.apply(base) == null ? Double.NaN : value.apply(base) * scale;
        return String.join("\t", name, Double.toString(ours), Double.toString(b), unit, baseName);
    }

    /** With DAM_BENCH_PARTS set (./dam bench), the figures go to rendition.tsv there for the results table. */
    private static void writeFigures(List<String> figures) throws IOException {
        String dir = System.getenv("DAM_BENCH_PARTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, "rendition.tsv"), figures, StandardCharsets.UTF_8);
    }

    /** The command of the one-shot row: one rendition in a fresh JVM of this benchmark's class path. */
    static List<String> oneShot(Path src, Path out, OutputFormat format) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                RenditionOnce.class.getName(), src.toString(), out.toString(), format.name());
    }

    /**
     * The class path of this benchmark as loaded: under {@code mvn exec:java} the classes come from a URL class
     * loader and {@code java.class.path} is Maven's own launcher (why the fresh-JVM row failed to start before).
     */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader cl = RenditionBench.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                        throw new IllegalStateException("class path entry " + url + " is not a file", e);
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path")
                : String.join(java.io.File.pathSeparator, entries);
    }

    private static String ratio(double value, double base) {
        return value <= 0 || base <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", value / base);
    }

    private static Row inProcess(String name, Path src, Path work, int runs, Renditions renditions,
                                 OutputFormat format) throws IOException {
        Path out = work.resolve("warm." + format.extension());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            render(renditions, src, out, format); // warm-up: JIT, ImageIO registry, colour management
        }
        double[] t = new double[runs];
        double[] cpu = new double[runs];
        long allocated = 0;
        Rendition last = null;
        for (int i = 0; i < runs; i++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = render(renditions, src, out, format);
            t[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        }
        return new Row(name, median(t), median(cpu), null, String.format(Locale.ROOT,
                "%s 1/%d, %dx%d out, %.0f MB allocated/run (in-process: no separate RSS)",
                last.decodePath(), last.subsampling(), last.width(), last.height(), allocated / 1e6));
    }

    private static Rendition render(Renditions r, Path src, Path out, OutputFormat format) throws IOException {
        try (OutputStream os = Files.newOutputStream(out)) {
            return r.render(src, RenditionSize.PREVIEW, format, os);
        }
    }

    /** The naive route for comparison: full 24 MP decode, then Thumbnailator. */
    private static Row fullDecode(Path src, Path work, int runs) throws IOException {
        for (int i = 0; i < 2; i++) {
            Thumbnails.of(src.toFile()).size(1024, 1024).outputQuality(0.85).toFile(work.resolve("full.jpg").toFile());
        }
        var threads = ManagementFactory.getThreadMXBean();
        double[] t = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Thumbnails.of(src.toFile()).size(1024, 1024).outputQuality(0.85).toFile(work.resolve("full.jpg").toFile());
            t[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        return new Row("naive: full decode + Thumbnailator, warm", median(t), median(cpu), null,
                "holds the 24 MP raster (96 MB)");
    }

    private static Row external(String name, int runs, String... command) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        cmd.addAll(Arrays.asList(command));
        double[] t = new double[runs];
        double[] cpu = new double[runs];
        double rss = 0;
        try {
            for (int i = 0; i < runs; i++) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int exit = p.waitFor();
                if (exit != 0) {
                    return new Row(name, -1, -1, null, "failed (exit " + exit + "): " + toolOutput(output));
                }
                Matcher w = WALL.matcher(output);
                Matcher m = RSS.matcher(output);
                Matcher u = USER.matcher(output);
                Matcher sy = SYS.matcher(output);
                if (!w.find() || !m.find() || !u.find() || !sy.find()) {
                    return new Row(name, -1, -1, null, "no /usr/bin/time -v output");
                }
                cpu[i] = Double.parseDouble(u.group(1)) + Double.parseDouble(sy.group(1));
                double hours = w.group(1) == null ? 0 : Double.parseDouble(w.group(1));
                t[i] = hours * 3600 + Double.parseDouble(w.group(2)) * 60 + Double.parseDouble(w.group(3));
                rss = Math.max(rss, Long.parseLong(m.group(1)) / 1024.0);
            }
        } catch (IOException e) {
            return new Row(name, -1, -1, null, "not installed (" + e.getMessage() + ")");
        }
        return new Row(name, median(t), median(cpu), rss, "whole process, /usr/bin/time -v");
    }

    /**
     * The failed tool's own first output line: /usr/bin/time -v appends its report after the tool's output, and the
     * report's last line ("Exit status: 1") says nothing about why (a missing class, a bad argument).
     */
    static String toolOutput(String output) {
        int report = output.indexOf("\tCommand exited with non-zero status");
        if (report < 0) {
            report = output.indexOf("\tCommand being timed:");
        }
        String own = (report < 0 ? output : output.substring(0, report)).strip();
        if (own.isEmpty()) {
            return "no output";
        }
        // The first line says what happened ("Error: Could not find or load main class …", "Exception in …").
        String[] lines = own.split("\n");
        return lines[0].strip() + (lines.length > 1 ? " …" : "");
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** A 6000×4000 photo-like JPEG: smooth gradients, sine texture and per-pixel noise (defeats easy compression). */
    static void generate(Path file) throws IOException {
        int w = 6000;
        int h = 4000;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(24);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = rnd.nextInt(31) - 15;
                int r = (int) (255.0 * x / w) + n;
                int g = (int) (255.0 * y / h) + n;
                int b = (int) (128 + 90 * Math.sin(x / 90.0) * Math.cos(y / 70.0)) + n;
                row[x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 40; i++) {
            g.setColor(new java.awt.Color(rnd.nextInt(0xFFFFFF)));
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), 200 + rnd.nextInt(800), 200 + rnd.nextInt(800));
        }
        g.dispose();
        if (!ImageIO.write(img, "jpeg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }

    /** 5000×4000 RGB, uncompressed: a 60 MB TIFF (a scanned or exported master). */
    static void generateTiff(Path file) throws IOException {
        BufferedImage img = photo(5000, 4000, BufferedImage.TYPE_3BYTE_BGR);
        var writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("None");
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** 4000×3000 RGBA PNG: a cut-out product shot (opaque disc on transparent ground, soft edge). */
    static void generateAlphaPng(Path file) throws IOException {
        int w = 4000;
        int h = 3000;
        BufferedImage img = photo(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - w / 2.0, y - h / 2.0) / (h * 0.45);
                int alpha = (int) Math.max(0, Math.min(255, (1.2 - d) * 255 / 0.2));
                row[x] = alpha << 24 | (row[x] & 0xFFFFFF);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static BufferedImage photo(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random rnd = new Random(w * 31L + h);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = rnd.nextInt(31) - 15;
                row[x] = 0xFF000000 | clamp((int) (255.0 * x / w) + n) << 16 | clamp((int) (255.0 * y / h) + n) << 8
                        | clamp((int) (128 + 90 * Math.sin(x / 90.0) * Math.cos(y / 70.0)) + n);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
