package dam.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

    static final String SECRET = "top-secret-outside-the-console";

    @TempDir
    Path dir;
    Path console;
    GatewayFixture f;

    @BeforeEach
    void start() throws Exception {
        console = Files.createDirectories(dir.resolve("console"));
        Files.writeString(console.resolve("index.html"), "<h1>DAM</h1>");
        Files.writeString(console.resolve("app.js"), "console.log(1)");
        Files.writeString(console.resolve("style.css"), "body{}");
        Files.createDirectories(console.resolve("img"));
        Files.write(console.resolve("img/logo.svg"), "<svg/>".getBytes());
        Files.writeString(console.resolve("data.bin"), "x");
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createDirectories(dir.resolve("console-evil"));
        Files.writeString(dir.resolve("console-evil/x.txt"), SECRET);
        Files.createSymbolicLink(console.resolve("link.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(console.resolve("linkdir"), dir);
        f = new GatewayFixture(dir.resolve("state"), console, Duration.ofSeconds(1)).withEchoApi(null);
        f.gateway.putRoute("api1", "GET /briefs", "echo", null);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void servesFilesWithContentTypes() throws Exception {
        assertFile("/", "text/html;charset=utf-8", "<h1>DAM</h1>");
        assertFile("/index.html", "text/html;charset=utf-8", "<h1>DAM</h1>");
        assertFile("/app.js", "text/javascript;charset=utf-8", "console.log(1)");
        assertFile("/style.css", "text/css;charset=utf-8", "body{}");
        assertFile("/img/logo.svg", "image/svg+xml", "<svg/>");
        assertFile("/data.bin", "application/octet-stream", "x");
        assertEquals(404, f.get("/missing.js").statusCode());
    }

    @Test
    void routesWinOverStaticFiles() throws Exception {
        Files.writeString(console.resolve("briefs"), "static");
        HttpResponse<String> res = f.get("/briefs");
        assertEquals(200, res.statusCode());
        assertEquals("2.0", GatewayFixture.echoed(res).get("version").asText());
    }

    @Test
    void onlyGetAndHeadServeFiles() throws Exception {
        assertEquals(404, f.send("POST", "/app.js", "x").statusCode());
        HttpResponse<String> head = f.send("HEAD", "/app.js", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
            "/..%5csecret.txt", "/img/..%2f..%2fsecret.txt", "/.%2e/secret.txt", "/%2e%2e%5csecret.txt",
            "/link.txt", "/linkdir/secret.txt", "/../console-evil/x.txt", "/%c0%ae%c0%ae/secret.txt",
            "/..\\secret.txt", "/%00/../secret.txt", "/%252e%252e/secret.txt", "/img/%2e%2e/%2e%2e/secret.txt"})
    void traversalIsRefused(String path) throws Exception {
        String raw = f.raw("GET " + path + " HTTP/1.1");
        int status = GatewayFixture.rawStatus(raw);
        assertNotEquals(200, status, raw);
        assertFalse(raw.contains(SECRET), raw);
        // Our own layer refuses it too, whatever the HTTP server in front normalises.
        GatewayRequest direct = new GatewayRequest("GET", path, "", java.util.Map.of(), null, "127.0.0.1",
                "HTTP/1.1");
        assertEquals(java.util.Optional.empty(), new StaticFiles(console).serve(direct), path);
    }

    @Test
    void resolveRejectsDotSegmentsBeforeTouchingTheFileSystem() {
        StaticFiles files = new StaticFiles(console);
        for (String p : new String[]{"/..", "/a/../../x", "/%2e%2e", "/a%2f..%2f..%2fx", "/a\\b", "/%", "/c:x"}) {
            assertNull(files.resolve(p), p);
        }
        assertEquals(console.toAbsolutePath().normalize().resolve("img/logo.svg"), files.resolve("/img/logo.svg"));
    }

    private void assertFile(String path, String type, String body) throws Exception {
        HttpResponse<String> res = f.get(path);
        assertEquals(200, res.statusCode(), path);
        assertEquals(type, res.headers().firstValue("content-type").orElseThrow(), path);
        assertEquals(body, res.body(), path);
    }
}
