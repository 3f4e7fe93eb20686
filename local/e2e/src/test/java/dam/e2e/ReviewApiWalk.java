package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.ses.OutboxMessage;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * The asset review as people use it, all through the deployed HTTP API and the outbox: a brief whose team makes the
 * stages, assets and versions uploaded the way the console does (API upload request → presigned PUT → real ingest),
 * the review's own routes, and the reviewers' mailed links (GET the confirm page, POST its form).
 */
final class ReviewApiWalk {

    static final Duration LAMBDA = BriefHttp.LAMBDA;

    final TestCloud cloud;
    final BriefHttp http;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient client = HttpClient.newHttpClient();

    ReviewApiWalk(TestCloud cloud) {
        this.cloud = cloud;
        this.http = new BriefHttp(cloud);
    }

    /** A unique address for this run ({@code ann} → {@code ann-<run>@acme.example}). */
    String user(String name) {
        return name + "-" + run + "@acme.example";
    }

    String token(String user, String role) {
        return http.token(user, role);
    }

    /**
     * A brief by {@code requester}: {@code reviewers} form the brand stage (all must approve); with a {@code legal}
     * member (nullable) its health claim makes legal approval required, so they form the legal stage; {@code creator}
     * is on the team.
     */
    String brief(String requester, List<String> reviewers, String legal, String creator) {
        ObjectNode body = BriefHttp.brief("Review walk " + run);
        ArrayNode members = body.putArray("members");
        reviewers.forEach(r -> members.addObject().put("userId", r).put("role", "reviewer"));
        if (legal != null) {
            body.putArray("claims").add("health");
            members.addObject().put("userId", legal).put("role", "legal");
        }
        members.addObject().put("userId", creator).put("role", "creator");
        JsonNode created = http.create(body, token(requester, "creator"));
        assertThat(created.path("legalApprovalRequired").asBoolean()).isEqualTo(legal != null);
        return created.path("id").asText();
    }

    /** A new asset (of {@code briefId}, or of brand Acme when null) with {@code jpeg} uploaded as version 1. */
    String upload(String creatorToken, String briefId, byte[] jpeg) throws Exception {
        ObjectNode body = BriefHttp.JSON.createObjectNode();
        if (briefId != null) {
            body.put("briefId", briefId);
        } else {
            body.put("brand", BriefHttp.BRAND);
        }
        body.put("campaign", "Review " + run).put("channel", "social").put("fileName", "hero-" + run + ".jpg")
                .put("contentType", "image/jpeg").put("size", jpeg.length);
        BriefHttp.Reply r = http.api("POST", "/assets", body, creatorToken);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        put(r.json().path("plan"), jpeg);
        return r.json().path("asset").path("id").asText();
    }

    /** The creator's next version: upload request through the API, bytes by presigned PUT; returns its number. */
    int uploadVersion(String creatorToken, String assetId, byte[] jpeg) throws Exception {
        BriefHttp.Reply r = http.api("POST", "/assets/" + assetId + "/versions/uploads", Map.of("fileName",
                "hero-" + run + "-next.jpg", "contentType", "image/jpeg", "size", jpeg.length), creatorToken);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        put(r.json().path("plan"), jpeg);
        return r.json().path("version").path("number").asInt();
    }

    private void put(JsonNode plan, byte[] bytes) throws Exception {
        assertThat(plan.path("method").asText()).isEqualTo("single");
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(plan.path("url").asText()))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    /** Waits until the ingest has finished with the version; it must be ready. */
    JsonNode awaitReady(String token, String assetId, int version) {
        JsonNode v = await().atMost(LAMBDA).pollInterval(Duration.ofMillis(200)).until(() -> http.api("GET",
                "/assets/" + assetId + "/versions/" + version, null, token).json(),
                n -> List.of("ready", "rejected", "quarantined", "failed").contains(n.path("state").asText()));
        assertThat(v.path("state").asText()).as(v.toString()).isEqualTo("ready");
        return v;
    }

    /** The {@code n}th (1-based) approval request mailed to {@code reviewer}, waiting for it to arrive. */
    OutboxMessage request(String reviewer, int n) {
        return await().atMost(LAMBDA).until(() -> cloud.cloud().ses().messagesTo(reviewer).stream()
                .filter(m -> m.subject().startsWith("Approval requested:"))
                .sorted(Comparator.comparingLong(OutboxMessage::seq)).toList(), l -> l.size() >= n).get(n - 1);
    }

    /** What a reviewer's browser does with the mailed link: GET the confirm page, then POST its form. */
    BriefHttp.Reply decideByMail(OutboxMessage mail, String decision, String comment) {
        BriefHttp.Link link = BriefHttp.reviewLink(mail.links());
        BriefHttp.Reply page = http.get(link.path());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return http.postForm(link.path(), Map.of("csrf", BriefHttp.csrf(page.body()), "decision", decision,
                "comment", comment));
    }

    BriefHttp.Reply api(String method, String path, Object body, String token) {
        return http.api(method, path, body, token);
    }

    /** The review as the API shows it to {@code token}'s user. */
    JsonNode review(String token, String assetId) {
        BriefHttp.Reply r = http.api("GET", "/assets/" + assetId + "/review", null, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the review reaches {@code status}. */
    JsonNode awaitStatus(String token, String assetId, String status) {
        return await().atMost(LAMBDA).pollInterval(Duration.ofMillis(200)).until(() -> {
            BriefHttp.Reply r = http.api("GET", "/assets/" + assetId + "/review", null, token);
            return r.status() == 200 ? r.json() : null;
        }, n -> n != null && status.equals(n.path("status").asText()));
    }

    /**
     * A width × height picture (smooth gradient and a circle, so JPEG noise stays far below the diff threshold) with
     * an optional solid rectangle painted over it, as JPEG.
     */
    static byte[] jpeg(int width, int height, Rectangle patch) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 8, height / 8, width / 3, height / 3);
        if (patch != null) {
            g.setColor(Color.GREEN);
            g.fill(patch);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
