package dam.core.review;

import dam.core.testing.MutableClock;

import dam.core.approval.ApprovalLinkService;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.LinkResult;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.InMemoryReviewRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.core.memory.RecordingMailer;
import dam.core.memory.RecordingTaskCallbacks;
import dam.core.notify.Mail;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The review services on in-memory ports, one movable clock, and helpers that act like the workflow. */
final class ReviewFixture {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String BASE = "http://127.0.0.1:8080";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE) + "/review/([A-Za-z0-9_-]{43})");

    final MutableClock time = new MutableClock(NOW);
    final InMemoryBriefRepository briefRepo = new InMemoryBriefRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final AtomicInteger ids = new AtomicInteger();
    final BriefService briefs = new BriefService(briefRepo, events, new InMemoryReminderScheduler(), time,
            () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults());
    final InMemoryApprovalLinks links = new InMemoryApprovalLinks();
    final InMemoryReviewRepository reviewRepo = new InMemoryReviewRepository(links);
    final Assets assets = new Assets();
    final RecordingTaskCallbacks callbacks = new RecordingTaskCallbacks();
    final RecordingMailer mailer = new RecordingMailer();
    final List<String> heartbeats = new ArrayList<>();
    final Map<String, Scheduled> timers = new LinkedHashMap<>();
    final ReviewSettings settings = ReviewSettings.defaults(BASE);
    final ReviewService service = new ReviewService(reviewRepo, links, assets, briefRepo, callbacks, events, mailer,
            (name, at, timer) -> timers.put(name, new Scheduled(name, at, timer)), settings, time,
            () -> "n" + ids.incrementAndGet());
    final AssetSubjectReader subjects = new AssetSubjectReader(assets, reviewRepo, briefRepo, PreviewSource.NONE);
    final ApprovalLinkService linkService = new ApprovalLinkService(links, callbacks, subjects, time,
            new SecureRandom(), service::recordDecision);
    final ApprovalRequester requester = new ApprovalRequester(linkService, subjects, mailer, time, BASE);
    final ReviewDecisions decisions = new ReviewDecisions(service, linkService);
    final ReviewNudges nudges = new ReviewNudges(service, links, heartbeats::add, mailer, settings);
    final ReviewAudit audit = new ReviewAudit(assets, links);

    record Scheduled(String name, Instant at, ReviewTimers.Timer timer) {
    }

    /** A brief by alice for Acme with the given team members ("user:role") and claims. */
    Brief brief(List<String> members, List<String> claims) {
        BriefInput in = new BriefInput("Spring launch", List.of("Grow trial sign-ups"), "Fresh", null,
                List.of("web"), List.of("DE"), List.of(), List.of(), new BriefInput.BrandInput("Acme", null),
                "alice@acme.example", "2026-09-01", List.of(), claims, List.of(), null,
                members.stream().map(m -> new BriefInput.MemberInput(m.split(":")[0], m.split(":")[1])).toList(),
                List.of());
        return briefs.create(new CreateBriefCommand(null, "alice@acme.example", in)).brief();
    }

    /** Asset a1 of the brief with version 1 ready, uploaded by the creator. */
    String asset(String briefId) {
        assets.assets.put("a1", new Asset("a1", "Acme", briefId, "spring", "web", "Hero banner", null, List.of(),
                List.of(), "cora@acme.example", NOW, NOW, 1, 1, null));
        ready("a1", 1);
        return "a1";
    }

    void ready(String assetId, int n) {
        assets.versions.computeIfAbsent(assetId, k -> new ArrayList<>()).add(new AssetVersion(assetId, n,
                VersionState.READY, List.of(), "cora@acme.example", "originals/" + assetId + "/" + n + "/hero.jpg",
                "hero.jpg", "image/jpeg", 1000, null, NOW, NOW, null, "x", "image/jpeg", 1000L, sha(n), null, null,
                null, null, null, null, null));
    }

    static String sha(int n) {
        return Integer.toHexString(n).repeat(64).substring(0, 64);
    }

    /** What the workflow's Map does for a planned stage: one request (link + mail) per reviewer. */
    Map<String, String> request(ReviewService.Plan p) {
        Map<String, String> nonces = new HashMap<>();
        for (Slot s : p.stage().slots()) {
            var sent = requester.request(AssetSubjectReader.subject(p.assetId(), p.version(), p.contentSha256()),
                    s.reviewer(), p.stage().name(), token(s.reviewer(), p.round()), p.linkExpiresAt());
            service.linkIssued(p.assetId(), p.round(), p.stage().name(), s.reviewer(), sent.link().nonceHash());
            nonces.put(s.reviewer(), nonceFor(s.reviewer()));
        }
        return nonces;
    }

    static String token(String reviewer, int round) {
        return "tok-" + reviewer + "-r" + round;
    }

    String nonceFor(String reviewer) {
        List<Mail> mails = mailer.sent().stream().filter(m -> m.to().contains(reviewer))
                .filter(m -> m.subject().startsWith("Approval requested")).toList();
        Matcher m = LINK.matcher(mails.get(mails.size() - 1).textBody());
        if (!m.find()) {
            throw new AssertionError("no review link in mail to " + reviewer);
        }
        return m.group(1);
    }

    /** GET then POST, as a reviewer in a browser does. */
    LinkResult decide(String nonce, String decision, String comment) {
        LinkResult page = linkService.view(nonce);
        if (!page.ok()) {
            return page;
        }
        return linkService.decide(nonce, page.page().csrf(), decision, comment, null);
    }

    /** The answer the workflow got for a reviewer's wait, as the Map collects it. */
    ReviewService.Vote vote(String reviewer, int round) {
        return callbacks.answers().stream().filter(a -> a.token().equals(token(reviewer, round))).findFirst()
                .map(a -> new ReviewService.Vote(reviewer, field(a.output(), "decision"), field(a.output(), "comment")))
                .orElse(new ReviewService.Vote(reviewer, "none", null));
    }

    List<ReviewService.Vote> votes(ReviewService.Plan p) {
        return p.stage().slots().stream().map(s -> vote(s.reviewer(), p.round())).toList();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(null|\"([^\"]*)\"|true|false)").matcher(json);
        return m.find() ? m.group(2) : null;
    }

    List<AuditEntry> chain() {
        return links.audit(Review.chain("a1"));
    }


    /** Assets and versions as a map; writes are not needed by the review. */
    static final class Assets implements AssetRepository {
        final Map<String, Asset> assets = new HashMap<>();
        final Map<String, List<AssetVersion>> versions = new HashMap<>();
        final List<AuditEntry> chain = new ArrayList<>();

        @Override
        public Optional<Asset> find(String assetId) {
            return Optional.ofNullable(assets.get(assetId));
        }

        @Override
        public Optional<AssetVersion> findVersion(String assetId, int number) {
            return versions(assetId).stream().filter(v -> v.number() == number).findFirst();
        }

        @Override
        public List<AssetVersion> versions(String assetId) {
            return versions.getOrDefault(assetId, List.of()).stream()
                    .sorted(Comparator.comparingInt(AssetVersion::number)).toList();
        }

        @Override
        public boolean save(Asset asset, AssetVersion version, AuditEntry audit, String commandId) {
            throw new UnsupportedOperationException("the review does not write assets");
        }

        @Override
        public Optional<String> commandTarget(String commandId) {
            return Optional.empty();
        }

        @Override
        public List<AuditEntry> audit(String assetId) {
            return List.copyOf(chain);
        }
    }
}
