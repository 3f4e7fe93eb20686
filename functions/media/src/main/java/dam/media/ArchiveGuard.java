package dam.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Refuses ZIP-based files (ZIP, DOCX/XLSX/PPTX, ODF, EPUB, JAR) that inflate far beyond their size: every entry is
 * actually inflated (declared sizes can lie) and counting stops as soon as a limit is crossed, so the work is bounded
 * by the limits, not by what the archive claims. Nested archives are followed to {@link MediaLimits#maxNesting()}.
 */
final class ArchiveGuard {
    private final MediaLimits limits;

    ArchiveGuard(MediaLimits limits) {
        this.limits = limits;
    }

    void check(Path file) {
        long compressed;
        try {
            compressed = Math.max(1, Files.size(file));
        } catch (IOException e) {
            throw new MediaException(ReasonCode.CORRUPT, "cannot read archive size", e);
        }
        Totals totals = new Totals(compressed);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            walk(in, 0, totals);
        } catch (ZipException e) {
            throw new MediaException(ReasonCode.CORRUPT, "the archive is damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MediaException(ReasonCode.CORRUPT, "the archive cannot be read: " + e.getMessage(), e);
        }
    }

    private void walk(InputStream in, int depth, Totals totals) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        byte[] buf = new byte[1 << 16];
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (++totals.entries > limits.maxEntries()) {
                throw bomb("more than " + limits.maxEntries() + " entries");
            }
            if (e.isDirectory()) {
                continue;
            }
            byte[] head = new byte[4];
            int headLen = zip.readNBytes(head, 0, 4);
            totals.add(headLen, this);
            if (headLen == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                if (depth + 1 > limits.maxNesting()) {
                    throw bomb("archives nested deeper than " + limits.maxNesting());
                }
                CountingInput rest = new CountingInput(zip, totals, this);
                walk(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), rest), depth + 1, totals);
                // Whatever follows the nested archive's entries is inflated too, and counted.
                while (rest.read(buf, 0, buf.length) > 0) {
                    continue;
                }
                continue;
            }
            for (int n; (n = zip.read(buf)) > 0; ) {
                totals.add(n, this);
            }
        }
    }

    private MediaException bomb(String why) {
        return new MediaException(ReasonCode.ARCHIVE_BOMB, why);
    }

    private static final class Totals {
        final long compressed;
        long inflated;
        int entries;

        Totals(long compressed) {
            this.compressed = compressed;
        }

        void add(long n, ArchiveGuard g) {
            inflated += n;
            if (inflated > g.limits.maxInflatedBytes()) {
                throw g.bomb("inflates to more than " + g.limits.maxInflatedBytes() + " bytes");
            }
            double ratio = (double) inflated / compressed;
            if (inflated > g.limits.ratioThreshold() && ratio > g.limits.maxCompressionRatio()) {
                throw g.bomb(String.format("expands more than %.0f× (%d bytes from %d)",
                        g.limits.maxCompressionRatio(), inflated, compressed));
            }
        }
    }

    /** Counts bytes a nested archive's reader pulls from its parent entry. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private final Totals totals;
        private final ArchiveGuard guard;

        CountingInput(InputStream in, Totals totals, ArchiveGuard guard) {
            super(in);
            this.totals = totals;
            this.guard = guard;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                totals.add(1, guard);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                totals.add(n, guard);
            }
            return n;
        }

        @Override
        public void close() {
            // the parent ZipInputStream stays open for its next entry
        }
    }
}
