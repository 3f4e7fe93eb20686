package dam.api;

import com.fasterxml.jackson.databind.JsonNode;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.Rendition;
import dam.core.asset.TechMetadata;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.notify.Mail;
import dam.core.review.AssetSubjectReader;
import dam.core.review.ReviewService;
import dam.core.review.Slot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the parts around the API in review tests: an asset of a brief whose versions become ready (with a PNG preview
 * rendition in the in-memory derivatives store), and the asset-review workflow's steps (open, plan a stage, request
 * each reviewer's link) — what statemachines/asset-review.asl.json does through the approval functions.
 */
final class ReviewDriver {

    static final String BASE = "http://127.0.0.1:8080";
    static final Map<String, String> RITA = ApiHarness.claims("rita@acme.example", "[reviewer]", "Acme");
    static final Map<String, String> RON = ApiHarness.claims("ron@acme.example", "[reviewer]", "Acme");
    /** A reviewer on no review of this brief (and on no brief team). */
    static final Map<String, String> OUTSIDER = ApiHarness.claims("otto@acme.example", "[reviewer]", "Acme");
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE) + "/review/([A-Za-z0-9_-]{43})");

    private final ApiHarness api;

    ReviewDriver(ApiHarness api) {
        this.api = api;
    }

    /** Alice's brief with rita and ron as reviewers, carol as legal (its health claim needs legal approval). */
    String brief() {
        ApiHarness.Response r = api.call("POST", "/briefs", ApiHarness.createBody(Map.of("claims", List.of("health"),
                "members", List.of(
                Map.of("userId", "rita@acme.example", "role", "reviewer"),
                Map.of("userId", "ron@acme.example", "role", "reviewer"),
                Map.of("userId", "carol@acme.example", "role", "legal")))), ApiHarness.ALICE);
        if (r.status() != 201) {
            throw new AssertionError("brief not created: " + r.body());
        }
        return r.json().path("id").asText();
    }

    /** Alice's asset of the brief, version 1 uploading. */
    String asset(String briefId) {
        ApiHarness.Response r = api.call("POST", "/assets", """
                {"briefId":"%s","campaign":"Summer","channel":"social","fileName":"hero.png",
                 "contentType":"image/png","size":5000}""".formatted(briefId), ApiHarness.ALICE);
        if (r.status() != 201) {
            throw new AssertionError("asset not created: " + r.body());
        }
        return r.json().path("asset").path("id").asText();
    }

    /** Version n becomes ready (uploaded first when n > 1) with {@code preview} as its preview rendition. */
    void ready(String assetId, int n, BufferedImage preview) {
        if (n > 1) {
            ApiHarness.Response r = api.call("POST", "/assets/" + assetId + "/versions/uploads",
                    "{\"fileName\":\"hero.png\",\"contentType\":\"image/png\",\"size\":5000}", ApiHarness.ALICE);
            if (r.status() != 201) {
                throw new AssertionError("upload not requested: " + r.body());
            }
        }
        Asset a = api.assetRepo.find(assetId).orElseThrow();
        AssetVersion v = api.assetRepo.findVersion(assetId, n).orElseThrow();
        String key = "renditions/" + assetId + "/" + n + "/preview.png";
        byte[] png = png(preview);
        api.derivatives.objects.put(key, png);
        AssetVersion ready = new AssetVersion(assetId, n, VersionState.READY, List.of(), v.submitter(),
                v.originalKey(), v.fileName(), v.declaredContentType(), v.declaredSize(), null, v.createdAt(),
                v.createdAt(), null, "test", "image/png", (long) png.length, sha(n), null,
                TechMetadata.ofImage("image/png", preview.getWidth(), preview.getHeight(), 1, "sRGB", false),
                List.of(), List.of(), List.of(new Rendition("preview", key, preview.getWidth(), preview.getHeight(),
                png.length, "image/png")), List.of(), null);
        List<AuditEntry> chain = api.assetRepo.audit(assetId);
        AuditEntry last = chain.get(chain.size() - 1);
        AuditEntry e = AuditChain.next(last.hash(), last.subject(), a.revision() + 1, api.now.get(), "ingest",
                "version.ready", "v" + n);
        api.assetRepo.save(new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), api.now.get(),
                a.revision() + 1, Math.max(n, a.latestVersion()), e.hash(), a.details()), ready, e, null);
    }

    static String sha(int n) {
        return Integer.toHexString(n).repeat(64).substring(0, 64);
    }

    /** The workflow starts (or plans) the round's next stage and requests every reviewer: reviewer → mailed nonce. */
    Map<String, String> nextStage(String assetId, int round) {
        ReviewService.Plan p = api.reviewService.planStage(assetId, round);
        if (p.done()) {
            throw new AssertionError("round " + round + " is over: " + p.outcome());
        }
        Map<String, String> nonces = new LinkedHashMap<>();
        for (Slot s : p.stage().slots()) {
            var sent = api.requester.request(AssetSubjectReader.subject(assetId, p.version(), p.contentSha256()),
                    s.reviewer(), p.stage().name(), "tok-" + s.reviewer() + "-r" + round, p.linkExpiresAt());
            api.reviewService.linkIssued(assetId, round, p.stage().name(), s.reviewer(), sent.link().nonceHash());
            nonces.put(s.reviewer(), nonce(s.reviewer()));
        }
        return nonces;
    }

    private String nonce(String reviewer) {
        List<Mail> mails = api.mailer.sent().stream().filter(m -> m.to().contains(reviewer)).toList();
        Matcher m = LINK.matcher(mails.get(mails.size() - 1).textBody());
        if (!m.find()) {
            throw new AssertionError("no review link in the mail to " + reviewer);
        }
        return m.group(1);
    }

    /** The decision the workflow's wait for {@code reviewer} got, or null. */
    String answered(String reviewer, int round) {
        return api.callbacks.answers().stream().filter(a -> a.token().equals("tok-" + reviewer + "-r" + round))
                .map(a -> {
                    try {
                        JsonNode n = ApiHarness.JSON.readTree(a.output());
                        return n.path("decision").asText();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).findFirst().orElse(null);
    }

    /** A width × height picture (gradient + circle) with an optional solid rectangle painted over it. */
    static BufferedImage picture(int width, int height, java.awt.Rectangle patch) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        if (patch != null) {
            g.setColor(Color.GREEN);
            g.fill(patch);
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
