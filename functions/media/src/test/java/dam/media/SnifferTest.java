package dam.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnifferTest {
    @TempDir
    Path dir;

    private final Sniffer sniffer = new Sniffer();

    private byte[] smallJpeg() {
        return TestImages.jpeg(TestImages.photo(320, 200, 1));
    }

    @Test
    void acceptsJpegAndReadsHeaderDimensions() {
        Path f = TestImages.write(dir, "photo.JPG", smallJpeg());
        SniffResult r = sniffer.sniff(f, "photo.JPG", "image/jpeg");
        assertThat(r.accepted()).as(r.detail()).isTrue();
        assertThat(r.mediaType()).isEqualTo("image/jpeg");
        assertThat(r.width()).isEqualTo(320);
        assertThat(r.height()).isEqualTo(200);
        assertThat(r.reason()).isNull();
    }

    @Test
    void typeComesFromBytesNotFromNameWhenNothingIsDeclared() {
        Path f = TestImages.write(dir, "upload.bin", TestImages.encode(TestImages.photo(64, 48, 2), "png"));
        SniffResult r = sniffer.sniff(f, null, null);
        assertThat(r.accepted()).isTrue();
        assertThat(r.mediaType()).isEqualTo("image/png");
    }

    @Test
    void zeroByteFileIsRefused() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.jpg"));
        SniffResult r = sniffer.sniff(f, "empty.jpg", "image/jpeg");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.EMPTY_FILE);
    }

    @Test
    void zipNamedJpgIsAMismatch() throws IOException {
        Path f = dir.resolve("holiday.jpg");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        SniffResult r = sniffer.sniff(f, "holiday.jpg", "image/jpeg");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.TYPE_MISMATCH);
        assertThat(r.mediaType()).isEqualTo("application/zip");
        assertThat(r.detail()).contains(".jpg").contains("image/jpeg").contains("application/zip");
    }

    @Test
    void elfExecutableNamedJpgIsRefusedAsExecutable() throws IOException {
        Path elf = Path.of("/bin/true").toRealPath();
        Path f = TestImages.write(dir, "cat.jpg", Files.readAllBytes(elf));
        SniffResult r = sniffer.sniff(f, "cat.jpg", "image/jpeg");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.EXECUTABLE);
    }

    @Test
    void jarNamedJpgIsRefusedAsExecutable() throws IOException {
        Path f = dir.resolve("cat.jpg");
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Main-Class", "Evil");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(f), mf)) {
            jar.putNextEntry(new ZipEntry("Evil.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61});
            jar.closeEntry();
        }
        SniffResult r = sniffer.sniff(f, "cat.jpg", null);
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.EXECUTABLE);
        assertThat(r.mediaType()).isEqualTo("application/java-archive");
    }

    @Test
    void declaredContentTypeMustMatchContent() {
        Path f = TestImages.write(dir, "logo", TestImages.encode(TestImages.photo(64, 48, 3), "png"));
        SniffResult r = sniffer.sniff(f, "logo", "image/jpeg");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.TYPE_MISMATCH);
        assertThat(r.detail()).contains("Content-Type image/jpeg").contains("image/png");
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] full = smallJpeg();
        Path f = TestImages.write(dir, "cut.jpg", Arrays.copyOf(full, full.length * 6 / 10));
        SniffResult r = sniffer.sniff(f, "cut.jpg", "image/jpeg");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.TRUNCATED);
    }

    @Test
    void truncatedPngIsRefused() {
        byte[] full = TestImages.encode(TestImages.photo(200, 100, 4), "png");
        Path f = TestImages.write(dir, "cut.png", Arrays.copyOf(full, full.length - 20));
        assertThat(sniffer.sniff(f, "cut.png", null).reason()).isEqualTo(ReasonCode.TRUNCATED);
    }

    @Test
    void pngDeclaring50kBy50kIsAPixelBombRefusedFromTheHeader() {
        Path f = TestImages.write(dir, "bomb.png", TestImages.pngBomb(50_000, 50_000));
        long before = Runtime.getRuntime().totalMemory();
        SniffResult r = sniffer.sniff(f, "bomb.png", "image/png");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.PIXEL_BOMB);
        assertThat(r.detail()).contains("50000×50000");
        // 2.5 G pixels would need ≥ 7.5 GB to decode; the file itself is tiny and was never decoded.
        assertThat(Files.exists(f)).isTrue();
        assertThat(Runtime.getRuntime().totalMemory() - before).isLessThan(1L << 30);
    }

    @Test
    void jpegDeclaring50kBy50kIsAPixelBomb() {
        Path f = TestImages.write(dir, "bomb.jpg", TestImages.withJpegSize(smallJpeg(), 50_000, 50_000));
        SniffResult r = sniffer.sniff(f, "bomb.jpg", "image/jpeg");
        assertThat(r.reason()).isEqualTo(ReasonCode.PIXEL_BOMB);
    }

    @Test
    void zipBombIsRefused() throws IOException {
        Path f = TestImages.zip(dir.resolve("fonts.zip"), false, 64L << 20);
        assertThat(Files.size(f)).isLessThan(1 << 20);
        SniffResult r = new Sniffer(MediaLimits.DEFAULT, Set.of("application/zip")).sniff(f, "fonts.zip", null);
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.ARCHIVE_BOMB);
        assertThat(r.detail()).contains("expands more than 100×");
    }

    @Test
    void docxBombIsDetectedAsOfficeDocumentAndRefused() throws IOException {
        Path f = TestImages.zip(dir.resolve("brief.docx"), true, 64L << 20);
        SniffResult r = sniffer.sniff(f, "brief.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(r.mediaType()).isEqualTo("application/x-tika-ooxml");
        assertThat(r.accepted()).isFalse();
        assertThat(r.reason()).isEqualTo(ReasonCode.ARCHIVE_BOMB);
    }

    @Test
    void ordinaryDocxIsAccepted() throws IOException {
        Path f = TestImages.zip(dir.resolve("brief.docx"), true, 20_000);
        SniffResult r = sniffer.sniff(f, "brief.docx", null);
        assertThat(r.accepted()).as(r.detail()).isTrue();
    }

    @Test
    void nestedArchivesBeyondTheLimitAreRefused() throws IOException {
        byte[] inner = Files.readAllBytes(TestImages.zip(dir.resolve("inner.zip"), false, 1000));
        byte[] current = inner;
        for (int level = 0; level < 3; level++) {
            java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bos)) {
                zip.putNextEntry(new ZipEntry("level" + level + ".zip"));
                zip.write(current);
                zip.closeEntry();
            }
            current = bos.toByteArray();
        }
        Path f = TestImages.write(dir, "nested.zip", current);
        SniffResult r = new Sniffer(MediaLimits.DEFAULT, Set.of("application/zip")).sniff(f, "nested.zip", null);
        assertThat(r.reason()).isEqualTo(ReasonCode.ARCHIVE_BOMB);
        assertThat(r.detail()).contains("nested");
    }

    @Test
    void typesOutsideTheAllowListAreRefused() {
        Path f = TestImages.write(dir, "notes.txt", "just some words\n".repeat(20).getBytes());
        SniffResult r = sniffer.sniff(f, "notes.txt", "text/plain");
        assertThat(r.reason()).isEqualTo(ReasonCode.UNSUPPORTED_TYPE);
        assertThat(r.mediaType()).isEqualTo("text/plain");
    }

    @Test
    void pdfIsAcceptedAndATruncatedPdfIsNot() throws IOException {
        Path f = dir.resolve("doc.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(f.toFile());
        }
        assertThat(sniffer.sniff(f, "doc.pdf", "application/pdf").accepted()).isTrue();
        byte[] bytes = Files.readAllBytes(f);
        Path cut = TestImages.write(dir, "cut.pdf", Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(sniffer.sniff(cut, "cut.pdf", "application/pdf").reason()).isEqualTo(ReasonCode.TRUNCATED);
    }

    @Test
    void hostileNamesOnlyContributeTheirExtension() {
        Path f = TestImages.write(dir, "upload.bin", smallJpeg());
        SniffResult traversal = sniffer.sniff(f, "../../etc/passwd\u0000.jpg", null);
        assertThat(traversal.accepted()).as(traversal.detail()).isTrue();
        assertThat(traversal.mediaType()).isEqualTo("image/jpeg");
        // right-to-left override: displays as "photo.jpg" style but really ends in .exe
        SniffResult rtl = sniffer.sniff(f, "photo\u202Egpj.exe", null);
        assertThat(rtl.accepted()).isFalse();
        assertThat(rtl.reason()).isEqualTo(ReasonCode.TYPE_MISMATCH);
    }

    @Test
    void jpegExtensionVariantsAndAliasesMatch() {
        Path f = TestImages.write(dir, "a.jpeg", smallJpeg());
        assertThat(sniffer.sniff(f, "a.jpeg", "image/pjpeg").accepted()).isTrue();
        assertThat(sniffer.sniff(f, "a.jpe", "application/octet-stream").accepted()).isTrue();
    }
}
