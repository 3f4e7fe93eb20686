package dam.e2e;

import dam.aws.DynamoAssetRepository;
import dam.aws.DynamoBriefRepository;
import dam.aws.S3AssetStorage;
import dam.core.asset.AssetService;
import dam.core.asset.AssetVersion;
import dam.core.asset.IngestRules;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.json.Json;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import static org.awaitility.Awaitility.await;

/**
 * What a browser and the API do around an upload, against a deployed local cloud: the asset service on the real
 * adapters (the API function wires the same), presigned PUT/part uploads with plain java.net.http, and generated
 * files (a camera-sized JPEG with an EXIF orientation, the bad-input corpus of issue 6).
 */
final class IngestFixture implements AutoCloseable {

    static final Principal CREATOR = new Principal("cara@acme.example", "cara@acme.example", Set.of(Role.CREATOR),
            Set.of("Acme"));

    final TestCloud cloud;
    final DynamoDbClient dynamodb;
    final S3Client s3;
    final S3Presigner presigner;
    final DynamoAssetRepository repo;
    final AssetService assets;
    final String originals;
    final String derivatives;
    private final HttpClient http = HttpClient.newHttpClient();

    IngestFixture(TestCloud cloud) {
        this(cloud, cloud.dynamodb(), cloud.s3(), cloud.endpoint(), cloud.ref("StorageOriginals"),
                cloud.ref("StorageDerivatives"), cloud.clock());
    }

    /** Against a local cloud running in another JVM (fault tests): {@link #cloud} is null. */
    IngestFixture(ChildCloud child, Clock clock) {
        this(null, child.dynamodb(), child.s3(), child.endpoint(), child.bucket("StorageOriginals"),
                child.bucket("StorageDerivatives"), clock);
    }

    private IngestFixture(TestCloud cloud, DynamoDbClient dynamodb, S3Client s3, URI endpoint, String originals,
                          String derivatives, Clock clock) {
        this.cloud = cloud;
        this.dynamodb = dynamodb;
        this.s3 = s3;
        this.presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        this.originals = originals;
        this.derivatives = derivatives;
        this.repo = new DynamoAssetRepository(dynamodb, "dam", Json.mapper(), clock);
        this.assets = new AssetService(repo, new S3AssetStorage(s3, presigner, originals, derivatives),
                new DynamoBriefRepository(dynamodb, "dam", Json.mapper(), clock), IngestRules.defaults(), clock,
                () -> UUID.randomUUID().toString());
    }

    UploadTicket request(String fileName, String contentType, long size) {
        return assets.createAsset(CREATOR, new NewAsset("Acme", null, "Spring Sale", "social", null, "e2e",
                List.of("people")), new NewUpload(fileName, contentType, size, null));
    }

    /** A browser-style PUT to the presigned URL with the headers the plan names. */
    HttpResponse<String> put(URI url, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUTs one part of a file to its presigned URL; returns the ETag S3 answered. */
    String putPart(URI url, Path file, long offset, long length) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> slice(file, offset, length)), length)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("part upload answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("ETag").orElseThrow();
    }

    AssetVersion awaitTerminal(String assetId, int version, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> repo.findVersion(assetId, version)
                .map(v -> v.state().terminal()).orElse(false));
        return repo.findVersion(assetId, version).orElseThrow();
    }

    AssetVersion version(String assetId, int version) {
        return repo.findVersion(assetId, version).orElseThrow();
    }

    boolean stateIs(String assetId, int version, VersionState state) {
        return repo.findVersion(assetId, version).map(v -> v.state() == state).orElse(false);
    }

    List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }

    /** A JPEG of width × height (as stored) with EXIF orientation, gradient + shapes so it compresses like a photo. */
    static byte[] jpeg(int width, int height, int orientation) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(width / 10, height / 10, width / 8, height / 3);
        g.dispose();
        // Sensor-like noise, so the file is camera-sized (a flat gradient would compress to a few hundred KB).
        java.util.Random random = new java.util.Random(width * 31L + height);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            img.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(48) - 24;
                int p = row[x];
                row[x] = clamp((p >> 16 & 0xFF) + n) << 16 | clamp((p >> 8 & 0xFF) + n) << 8 | clamp((p & 0xFF) + n);
            }
            img.setRGB(0, y, width, 1, row, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        byte[] plain = out.toByteArray();
        ByteBuffer app1 = ByteBuffer.allocate(36);
        app1.putShort((short) 0xFFE1).putShort((short) 34).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
                .putShort((short) 0).putInt(0);
        byte[] result = new byte[plain.length + 36];
        System.arraycopy(plain, 0, result, 0, 2);
        System.arraycopy(app1.array(), 0, result, 2, 36);
        System.arraycopy(plain, 2, result, 38, plain.length - 2);
        return result;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** An uncompressed 24-bit BMP of width × height written row by row (no raster in memory). */
    static void bmp(Path file, int width, int height) throws IOException {
        int rowBytes = (width * 3 + 3) & ~3;
        long imageBytes = (long) rowBytes * height;
        ByteBuffer header = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'B').put((byte) 'M').putInt((int) (54 + imageBytes)).putInt(0).putInt(54)
                .putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt((int) imageBytes).putInt(2835).putInt(2835).putInt(0).putInt(0);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(header.array());
            byte[] row = new byte[rowBytes];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    row[x * 3] = (byte) (x * 255 / width);
                    row[x * 3 + 1] = (byte) (y * 255 / height);
                    row[x * 3 + 2] = (byte) ((x + y) & 0xFF);
                }
                out.write(row);
            }
        }
    }

    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 14 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(b, "IDAT", new byte[] {0x78, 0x01});
        chunk(b, "IEND", new byte[0]);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** A DOCX-shaped ZIP whose document inflates to {@code inflated} zero bytes: a decompression bomb. */
    static byte[] docxBomb(int inflated) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    + "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("_rels/.rels"));
            zip.write(("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
                    + "2006/relationships\"><Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/"
                    + "officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                    + "</Relationships>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < inflated / zeros.length; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** A ZIP (what a renamed .exe/.zip looks like to the sniffer). */
    static byte[] zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("payload.exe"));
            byte[] mz = new byte[2048];
            mz[0] = 'M';
            mz[1] = 'Z';
            zip.write(mz);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.put(t).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    private static java.io.InputStream slice(Path file, long offset, long length) {
        try {
            java.io.InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return new java.io.FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    left--;
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
        dynamodb.close();
    }
}
