package dam.local.rekognition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Printed text with the Tesseract OCR engine (Debian {@code tesseract-ocr} + {@code tesseract-ocr-eng}), run as one
 * process per image with TSV output: word rows (level 5) carry boxes and confidences, grouped into lines by
 * block/paragraph/line number. Words Tesseract itself scores below {@link #MIN_WORD_CONFIDENCE}, and words with no
 * letter or digit (the "|", "—", "=" it reads into photo texture), are dropped as noise. Like AWS, at most
 * {@link #MAX_WORDS} words are returned.
 */
public final class TesseractTextDetector implements TextDetector {

    static final double MIN_WORD_CONFIDENCE = 50.0;
    static final int MAX_WORDS = 100;
    private static final long TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(TesseractTextDetector.class);

    private final String executable;
    private final String language;

    /** @param executable the tesseract binary (e.g. "tesseract" from PATH); @param language e.g. "eng" */
    public TesseractTextDetector(String executable, String language) {
        this.executable = executable;
        this.language = language;
    }

    @Override
    public List<TextLine> detect(byte[] encodedImage, int width, int height) {
        Path input = null;
        Path output = null;
        Path errors = null;
        try {
            input = Files.createTempFile("dam-ocr-", ".img");
            output = Files.createTempFile("dam-ocr-", ".tsv");
            errors = Files.createTempFile("dam-ocr-", ".err");
            Files.write(input, encodedImage);
            ProcessBuilder pb = new ProcessBuilder(executable, input.toString(), "stdout", "-l", language,
                    "--psm", "3", "tsv").redirectOutput(output.toFile()).redirectError(errors.toFile());
            // One OpenMP thread per process: on few cores, parallel requests beat one multi-threaded OCR.
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            Process process = startProcess(pb);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tesseract did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tesseract failed (exit " + process.exitValue() + "): "
                        + Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
            return parse(Files.readString(output, StandardCharsets.UTF_8), width, height);
        } catch (IOException e) {
            throw new IllegalStateException("running tesseract failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running tesseract", e);
        } finally {
            delete(input);
            delete(output);
            delete(errors);
        }
    }

    private Process startProcess(ProcessBuilder pb) throws IOException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable + ": install the Debian packages "
                    + "tesseract-ocr and tesseract-ocr-" + language + " (./dam installs them)", e);
        }
    }

    /** Tesseract TSV → lines of kept words; boxes relative to {@code width × height}. */
    static List<TextLine> parse(String tsv, int width, int height) {
        Map<String, List<String[]>> lines = new LinkedHashMap<>();
        int kept = 0;
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            // level page block par line word left top width height conf text
            if (f.length < 12 || !"5".equals(f[0])) {
                continue;
            }
            String text = f[11].strip();
            double conf = parseDouble(f[10]);
            if (text.isEmpty() || conf < MIN_WORD_CONFIDENCE || text.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            if (kept == MAX_WORDS) {
                break;
            }
            kept++;
            lines.computeIfAbsent(f[1] + "/" + f[2] + "/" + f[3] + "/" + f[4], k -> new ArrayList<>()).add(f);
        }
        List<TextLine> result = new ArrayList<>();
        for (List<String[]> rows : lines.values()) {
            List<TextLine.Word> words = new ArrayList<>();
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = Integer.MIN_VALUE;
            int y1 = Integer.MIN_VALUE;
            double sum = 0;
            for (String[] f : rows) {
                int left = Integer.parseInt(f[6]);
                int top = Integer.parseInt(f[7]);
                int w = Integer.parseInt(f[8]);
                int h = Integer.parseInt(f[9]);
                double conf = parseDouble(f[10]);
                words.add(new TextLine.Word(f[11].strip(), conf, Box.ofPixels(left, top, w, h, width, height)));
                x0 = Math.min(x0, left);
                y0 = Math.min(y0, top);
                x1 = Math.max(x1, left + w);
                y1 = Math.max(y1, top + h);
                sum += conf;
            }
            String text = String.join(" ", words.stream().map(TextLine.Word::text).toList());
            result.add(new TextLine(text, sum / words.size(), Box.ofPixels(x0, y0, x1 - x0, y1 - y0, width, height),
                    List.copyOf(words)));
        }
        return result;
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unexpected tesseract TSV confidence '" + s + "'", e);
        }
    }

    private static void delete(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete the OCR temp file {}", p, e);
        }
    }
}
