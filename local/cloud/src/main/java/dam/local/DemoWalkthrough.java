package dam.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The second half of {@code ./dam up}'s demo, as people use the product: a creator submits a brief through the HTTP
 * API, the approver clicks the link in the email (outbox) and approves, then the creator uploads a photo with a
 * presigned PUT and the library shows it ingested with renditions and tags.
 */
final class DemoWalkthrough {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REVIEW_LINK = Pattern.compile("https?://[^\\s/]+(/review/[A-Za-z0-9_-]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final LocalCloud cloud;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    DemoWalkthrough(LocalCloud cloud) {
        this.cloud = cloud;
    }

    void run(PrintStream out) throws Exception {
        String creator = "alice@example.com";
        String approver = "bob@example.com";
        String token = cloud.apigateway().issueToken(creator, List.of("creator"), List.of("Acme"));

        out.println("Demo 2/3  brief approval: " + creator + " creates and submits a brief; " + approver
                + " approves it from the email");
        String body = """
                {"title":"Autumn launch","objectives":["Launch the new range"],"keyMessage":"New season, new colours",
                 "audience":"Young professionals","channels":["web","social"],"regions":["DE"],
                 "deliverables":[{"channel":"web","format":"banner","spec":"1200x627","quantity":1}],
                 "brand":{"name":"Acme","guidelinesUrl":"https://brand.example/acme"},"dueDate":"%s",
                 "claims":["price"],"approvals":[{"kind":"brief","approver":"%s"}]}"""
                .formatted(LocalDate.now(cloud.clock()).plusDays(60), approver);
        JsonNode brief = json(call("POST", "/briefs", body, token), 201);
        String id = brief.path("id").asText();
        out.println("          POST /briefs → brief " + id + ", disclaimers: "
                + brief.path("disclaimers").findValuesAsText("ruleId"));
        json(call("POST", "/briefs/" + id + "/submit", "{\"expectedVersion\":" + brief.path("version").asLong()
                + "}", token), 200);
        out.println("          POST /briefs/" + id + "/submit → brief-approval state machine started");
        String path = await("the approval email", () -> cloud.ses().messagesTo(approver).stream()
                .flatMap(m -> m.links().stream()).map(REVIEW_LINK::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).reduce((a, b) -> b));
        out.println("          email in the outbox (" + cloud.endpoint() + "/_dam/outbox) with the link " + path);
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + path)).GET());
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("review page answered " + page.statusCode());
        }
        out.println("          GET " + path + " → confirm page (a mail scanner's prefetch would change nothing)");
        String form = "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&decision=approve&comment=" + URLEncoder.encode("Looks great", StandardCharsets.UTF_8);
        HttpResponse<String> decided = send(HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        out.println("          POST " + path + " → " + decided.statusCode() + " (decided exactly once)");
        await("the brief to be approved", () -> Optional.of(json(call("GET", "/briefs/" + id, null, token), 200))
                .filter(b -> b.path("status").asText().equals("approved")));
        out.println("          brief " + id + " is approved (Brief Approved on the bus, audit entries written)");

        out.println("Demo 3/3  library: " + creator + " uploads a photo with a presigned PUT; ingest tags and renders it");
        byte[] photo = photo();
        JsonNode ticket = json(call("POST", "/assets", """
                {"brand":"Acme","channel":"web","fileName":"autumn hero.jpg","contentType":"image/jpeg","size":%d}"""
                .formatted(photo.length), token), 201);
        String asset = ticket.path("asset").path("id").asText();
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(ticket.path("plan").path("url").asText()))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(photo)));
        out.println("          POST /assets → asset " + asset + "; PUT to the presigned URL → " + put.statusCode());
        JsonNode version = await("ingest to finish", () -> Optional.of(json(call("GET", "/assets/" + asset, null,
                token), 200).path("versions").path(0)).filter(v -> !v.path("state").asText().equals("uploading")
                && !v.path("state").asText().equals("processing")));
        out.println("          version 1 is " + version.path("state").asText() + ": "
                + version.path("tech").path("width").asInt() + "×" + version.path("tech").path("height").asInt()
                + ", renditions " + version.path("renditions").size() + ", tags "
                + version.path("tags").findValuesAsText("value"));
        out.println("          open the console at " + cloud.apiEndpoint() + "/ and sign in as " + creator);
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Polls (the demo is a script, not a test) until the condition yields a value or patience runs out. */
    private static <T> T await(String what, CheckedSupplier<Optional<T>> check) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = check.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + PATIENCE.toSeconds()
                + " s — see .dam/lambda/logs");
    }

    @FunctionalInterface
    private interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    private static byte[] photo() throws IOException {
        BufferedImage img = new BufferedImage(2400, 1600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0xE0, 0x7A, 0x1F), 2400, 1600, new Color(0x2B, 0x4C, 0x7E)));
        g.fillRect(0, 0, 2400, 1600);
        g.setColor(Color.WHITE);
        g.fillOval(900, 400, 600, 600);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
