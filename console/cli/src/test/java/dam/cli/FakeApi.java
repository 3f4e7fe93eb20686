package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the DAM HTTP API and presigned storage, enough for the CLI's flows: briefs, asset upload
 * requests with Idempotency-Key replay, single and multipart uploads, version states (ready; rejected when the file
 * name contains "bad"), search pages, downloads by redirect and audit verification. Counts every request.
 */
final class FakeApi implements AutoCloseable {

    static final String TOKEN = "good-token";
    static final String BRIEF = "brief-1";

    /** One asset with its single version. */
    static final class Asset {
        final String id;
        final String fileName;
        final long size;
        final boolean multipart;
        volatile String state = "uploading";
        volatile int reads;
        final Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
        volatile byte[] content;

        Asset(String id, String fileName, long size, boolean multipart) {
            this.id = id;
            this.fileName = fileName;
            this.size = size;
            this.multipart = multipart;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    final Map<String, Asset> assets = new ConcurrentHashMap<>();
    final Map<String, String> commands = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final List<String> completeBodies = new CopyOnWriteArrayList<>();
    /** Bytes at or above which an upload is multipart, and the part size of such plans. */
    long multipartFrom = 1_000;
    long partSize = 400;
    /** Search results (asset id → title), paged two at a time. */
    final Map<String, String> library = new java.util.LinkedHashMap<>();
    /** Per-asset download bodies; a fresh version number makes the manifest entry stale. */
    final Map<String, byte[]> downloads = new ConcurrentHashMap<>();
    final Map<String, Integer> downloadVersions = new ConcurrentHashMap<>();
    volatile JsonNode verifyAnswer;
    final List<String> searchQueries = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int count(String route) {
        return counts.getOrDefault(route, new AtomicInteger()).get();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            byte[] body = x.getRequestBody().readAllBytes();
            if (path.startsWith("/s3/")) {
                storagePut(x, method, path, body);
                return;
            }
            if (path.startsWith("/s3get/")) {
                hit("GET /s3get");
                byte[] b = downloads.get(path.substring("/s3get/".length()));
                send(x, 200, "application/octet-stream", b);
                return;
            }
            if (path.equals("/_local/token")) {
                hit("POST /_local/token");
                JsonNode req = json.readTree(body);
                if (!req.path("user").asText().contains("@")) {
                    json(x, 400, json.createObjectNode().put("message", "user must be an email address"));
                } else {
                    json(x, 200, json.createObjectNode().put("token", TOKEN));
                }
                return;
            }
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                json(x, 401, json.createObjectNode().put("message", "Unauthorized"));
                return;
            }
            route(x, method, path, x.getRequestURI().getRawQuery(), body);
        } catch (RuntimeException e) {
            e.printStackTrace();
            json(x, 500, json.createObjectNode().put("message", e.toString()));
        }
    }

    private void route(HttpExchange x, String method, String path, String query, byte[] body) throws IOException {
        String[] p = path.split("/");
        if (method.equals("GET") && p.length == 3 && p[1].equals("briefs")) {
            hit("GET /briefs");
            if (p[2].equals(BRIEF)) {
                json(x, 200, json.createObjectNode().put("id", BRIEF).put("title", "Spring"));
            } else {
                json(x, 404, json.createObjectNode().put("message", "brief " + p[2] + " not found"));
            }
        } else if (method.equals("POST") && path.equals("/assets")) {
            hit("POST /assets");
            createAsset(x, json.readTree(body), x.getRequestHeaders().getFirst("Idempotency-Key"));
        } else if (method.equals("POST") && p.length == 7 && p[5].equals("uploads") && p[6].equals("complete")) {
            hit("POST complete");
            completeBodies.add(new String(body, StandardCharsets.UTF_8));
            Asset a = assets.get(p[2]);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (JsonNode part : json.readTree(body).path("parts")) {
                int n = part.path("number").asInt();
                if (!part.path("etag").asText().equals("\"etag-" + n + "\"")) {
                    json(x, 400, json.createObjectNode().put("message", "bad etag for part " + n));
                    return;
                }
                all.writeBytes(a.parts.get(n));
            }
            a.content = all.toByteArray();
            a.state = "processing";
            json(x, 200, version(a));
        } else if (method.equals("GET") && p.length == 5 && p[3].equals("versions")) {
            hit("GET version");
            Asset a = assets.get(p[2]);
            if (a == null) {
                json(x, 404, json.createObjectNode().put("message", "no such asset"));
                return;
            }
            // Ingest takes one poll: processing is seen once, then the outcome.
            if (a.state.equals("processing") && a.reads++ > 0) {
                a.state = a.fileName.contains("bad") ? "rejected" : "ready";
            }
            json(x, 200, version(a));
        } else if (method.equals("GET") && path.equals("/search")) {
            hit("GET /search");
            search(x, query);
        } else if (method.equals("GET") && p.length == 4 && p[3].equals("download")) {
            hit("GET download");
            String id = p[2];
            if (!downloads.containsKey(id)) {
                json(x, 403, json.createObjectNode().put("message", "usage rights expired on 2020-12-31"));
                return;
            }
            String url = base() + "/s3get/" + id;
            ObjectNode r = json.createObjectNode().put("url", url)
                    .put("key", "downloads/" + id + "/1/instagram-square-1080x1080-auto.png")
                    .put("version", downloadVersions.getOrDefault(id, 1)).put("cached", true);
            x.getResponseHeaders().add("Location", url);
            json(x, 302, r);
        } else if (method.equals("GET") && p.length == 5 && p[3].equals("audit") && p[4].equals("verify")) {
            hit("GET verify");
            if (verifyAnswer == null) {
                json(x, 404, json.createObjectNode().put("message", "asset not found"));
            } else {
                json(x, 200, verifyAnswer);
            }
        } else {
            json(x, 404, json.createObjectNode().put("message", "no route " + method + " " + path));
        }
    }

    private void createAsset(HttpExchange x, JsonNode req, String key) throws IOException {
        if (key != null && commands.containsKey(key)) {
            Asset a = assets.get(commands.get(key));
            json(x, 200, ticket(a));
            return;
        }
        if (req.path("contentType").asText().equals("application/octet-stream")) {
            ObjectNode err = json.createObjectNode().put("message", "validation failed");
            err.putArray("errors").addObject().put("field", "contentType").put("code", "unsupported")
                    .put("message", "application/octet-stream is not an accepted type");
            json(x, 400, err);
            return;
        }
        long size = req.path("size").asLong();
        Asset a = new Asset(UUID.randomUUID().toString(), req.path("fileName").asText(), size, size >= multipartFrom);
        assets.put(a.id, a);
        if (key != null) {
            commands.put(key, a.id);
        }
        json(x, 201, ticket(a));
    }

    private ObjectNode ticket(Asset a) {
        ObjectNode t = json.createObjectNode();
        t.putObject("asset").put("id", a.id);
        t.set("version", version(a));
        if (!a.state.equals("uploading")) {
            t.putNull("plan");
            return t;
        }
        ObjectNode plan = t.putObject("plan");
        if (a.multipart) {
            plan.put("method", "multipart").put("partSize", partSize)
                    .put("completePath", "/assets/" + a.id + "/versions/1/uploads/complete");
            ArrayNode parts = plan.putArray("parts");
            int count = (int) ((a.size + partSize - 1) / partSize);
            for (int i = 1; i <= count; i++) {
                parts.addObject().put("number", i).put("url", base() + "/s3/" + a.id + "?part=" + i);
            }
        } else {
            plan.put("method", "single").put("url", base() + "/s3/" + a.id);
            plan.putObject("headers").put("Content-Type", "image/jpeg").put("Content-Length", Long.toString(a.size));
        }
        return t;
    }

    private ObjectNode version(Asset a) {
        ObjectNode v = json.createObjectNode().put("number", 1).put("state", a.state).put("fileName", a.fileName);
        ArrayNode reasons = v.putArray("reasons");
        if (a.state.equals("rejected")) {
            reasons.addObject().put("code", "spoofed").put("message", "declared image/jpeg but the bytes are a ZIP");
        }
        return v;
    }

    private void storagePut(HttpExchange x, String method, String path, byte[] body) throws IOException {
        hit("PUT /s3");
        Asset a = assets.get(path.substring("/s3/".length()));
        String query = x.getRequestURI().getQuery();
        if (!method.equals("PUT") || a == null) {
            send(x, 403, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
        } else if (query != null && query.startsWith("part=")) {
            int n = Integer.parseInt(query.substring(5));
            a.parts.put(n, body);
            x.getResponseHeaders().add("ETag", "\"etag-" + n + "\"");
            send(x, 200, "text/plain", new byte[0]);
        } else if (body.length != a.size || !"image/jpeg".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
            send(x, 403, "text/plain", "signature mismatch".getBytes(StandardCharsets.UTF_8));
        } else {
            a.content = body;
            a.state = "processing";
            send(x, 200, "text/plain", new byte[0]);
        }
    }

    private void search(HttpExchange x, String query) throws IOException {
        searchQueries.add(query);
        List<String> ids = new ArrayList<>(library.keySet());
        int from = 0;
        for (String kv : query == null ? new String[0] : query.split("&")) {
            if (kv.startsWith("cursor=")) {
                from = Integer.parseInt(kv.substring(7).replace("page", ""));
            }
        }
        ObjectNode r = json.createObjectNode();
        ArrayNode items = r.putArray("items");
        for (int i = from; i < Math.min(ids.size(), from + 2); i++) {
            items.addObject().put("assetId", ids.get(i)).put("title", library.get(ids.get(i)));
        }
        r.put("total", ids.size());
        if (from + 2 < ids.size()) {
            r.put("nextCursor", "page" + (from + 2));
        } else {
            r.putNull("nextCursor");
        }
        json(x, 200, r);
    }

    private void hit(String route) {
        counts.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
    }

    private void json(HttpExchange x, int status, JsonNode body) throws IOException {
        send(x, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
