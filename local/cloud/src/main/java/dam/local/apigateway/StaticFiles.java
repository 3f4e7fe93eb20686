package dam.local.apigateway;

import dam.local.apigateway.GatewayResponse.Header;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files for GET/HEAD requests no route matched. Only regular files whose real path (symlinks
 * resolved) lies inside the root are served; {@code ..}, {@code .}, backslashes, NUL and malformed escapes in any
 * form (raw or percent-encoded) are refused before the file system is touched.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"), Map.entry("htm", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"), Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("map", "application/json"), Map.entry("txt", "text/plain;charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"), Map.entry("pdf", "application/pdf"),
            Map.entry("webmanifest", "application/manifest+json"));

    private final Path root;

    /** @param root the directory to serve, or null to serve nothing */
    StaticFiles(Path root) {
        this.root = root;
    }

    /** The file for this path, or empty when there is none (or the path is not allowed). */
    Optional<GatewayResponse> serve(GatewayRequest req) {
        if (root == null || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        Path file = resolve(req.rawPath());
        if (file == null) {
            return Optional.empty();
        }
        try {
            Path realRoot = root.toRealPath();
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            if (!file.toRealPath().startsWith(realRoot)) {
                return Optional.empty(); // a symlink pointing out of the root
            }
            byte[] body = req.method().equals("HEAD") ? new byte[0] : Files.readAllBytes(file);
            List<Header> headers = List.of(new Header("content-type", contentType(file)),
                    new Header("cache-control", "no-cache"),
                    new Header("x-content-type-options", "nosniff"));
            if (req.method().equals("HEAD")) {
                headers = new java.util.ArrayList<>(headers);
                headers.add(new Header("content-length", Long.toString(Files.size(file))));
            }
            return Optional.of(new GatewayResponse(200, headers, body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Maps a raw request path to a file under the root, or null when the path is not acceptable. */
    Path resolve(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        Path file = root.toAbsolutePath().normalize();
        Path base = file;
        for (String raw : rawPath.substring(1).split("/", -1)) {
            String segment;
            try {
                segment = GatewayRequest.decodePath(raw);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".") || segment.contains("/") || segment.contains("\\")
                    || segment.indexOf('\0') >= 0 || segment.contains(":")) {
                return null;
            }
            file = file.resolve(segment);
        }
        file = file.normalize();
        return file.startsWith(base) ? file : null;
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
