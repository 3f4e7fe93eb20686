package dam.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.asl.Engine;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.ExecutionStore;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.StateFailure;
import dam.asl.TaskHandler;
import dam.asl.TaskRequest;
import dam.asl.TaskTokenException;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.TaskCallbacks;
import dam.core.asset.Asset;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.json.Json;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.InMemoryReviewRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.core.memory.RecordingMailer;
import dam.core.notify.Mail;
import dam.core.review.Anchor;
import dam.core.review.Annotation;
import dam.core.review.AssetSubjectReader;
import dam.core.review.ReviewAudit;
import dam.core.review.ReviewEvents;
import dam.core.review.ReviewNudges;
import dam.core.review.ReviewService;
import dam.core.review.ReviewSettings;
import dam.core.review.ReviewStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * statemachines/asset-review.asl.json on the local ASL engine; its Lambda tasks served in-process by the real
 * handlers on in-memory ports, review timers on the engine's test clock.
 */
class AssetReviewStateMachineTest {

    static final String STEPS_ARN = "arn:aws:lambda:us-east-1:000000000000:function:review-steps";
    static final String REQUEST_ARN = "arn:aws:lambda:us-east-1:000000000000:function:request-approval";
    static final Path DEFINITION = Path.of("../../statemachines/asset-review.asl.json");
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String BASE = "http://127.0.0.1:8080";
    static final String ANN = "ann@acme.example";
    static final String BEN = "ben@acme.example";
    static final String LEO = "leo@acme.example";
    static final String CORA = "cora@acme.example";
    static final String ALICE = "alice@acme.example";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE) + "/review/([A-Za-z0-9_-]{43})");

    final ObjectMapper json = Json.mapper();
    final TestClock time = new TestClock(NOW);
    final AtomicInteger ids = new AtomicInteger();
    final InMemoryBriefRepository briefRepo = new InMemoryBriefRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final BriefService briefs = new BriefService(briefRepo, events, new InMemoryReminderScheduler(), time.clock(),
            () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults());
    final InMemoryApprovalLinks links = new InMemoryApprovalLinks();
    final InMemoryReviewRepository reviewRepo = new InMemoryReviewRepository(links);
    final InMemoryAssetRepository assets = new InMemoryAssetRepository();
    final RecordingMailer mailer = new RecordingMailer();
    final Set<String> timerNames = new HashSet<>();
    final List<String> invoked = new ArrayList<>();
    final Engine engine;
    final ReviewService reviews;
    final ApprovalLinkService linkService;
    final ReviewNudges nudges;
    final RequestApprovalHandler request;
    final ReviewStepHandler steps;
    final ReviewLinkHandler page;
    final Fixture http = new Fixture(null); // only for its API Gateway event builder and CSRF reader

    AssetReviewStateMachineTest() {
        TaskCallbacks callbacks = new TaskCallbacks() {
            @Override
            public void succeed(String token, String output) {
                try {
                    engine().sendTaskSuccess(token, dam.asl.Json.parse(output));
                } catch (TaskTokenException e) {
                    throw new TaskGoneException(e.code(), e);
                }
            }

            @Override
            public void fail(String token, String error, String cause) {
                try {
                    engine().sendTaskFailure(token, error, cause);
                } catch (TaskTokenException e) {
                    throw new TaskGoneException(e.code(), e);
                }
            }
        };
        ReviewSettings settings = ReviewSettings.defaults(BASE);
        reviews = new ReviewService(reviewRepo, links, assets, briefRepo, callbacks, events, mailer,
                (name, at, timer) -> {
                    if (timerNames.add(name)) {
                        time.schedule(at, () -> nudges().fire(timer));
                    }
                }, settings, time.clock(), () -> "n" + ids.incrementAndGet());
        AssetSubjectReader subjects = new AssetSubjectReader(assets, reviewRepo, briefRepo,
                dam.core.review.PreviewSource.NONE);
        linkService = new ApprovalLinkService(links, callbacks, subjects, time.clock(), new SecureRandom(),
                reviews::recordDecision);
        nudges = new ReviewNudges(reviews, links, token -> {
            try {
                engine().sendTaskHeartbeat(token);
            } catch (TaskTokenException e) {
                throw new TaskCallbacks.TaskGoneException(e.code(), e);
            }
        }, mailer, settings);
        request = new RequestApprovalHandler(new ApprovalRequester(linkService, subjects, mailer, time.clock(), BASE),
                reviews, json);
        steps = new ReviewStepHandler(reviews, json);
        page = new ReviewLinkHandler(linkService, json);
        engine = new Engine(time, lambdas, ObjectStorePort.NONE, ExecutionStore.IN_MEMORY, Runnable::run,
                "us-east-1");
    }

    private Engine engine() {
        return engine;
    }

    private ReviewNudges nudges() {
        return nudges;
    }

    final TaskHandler lambdas = new TaskHandler() {
        @Override
        public boolean supports(String resource) {
            return TaskHandler.baseResource(resource).equals("arn:aws:states:::lambda:invoke");
        }

        @Override
        public CompletionStage<JsonNode> invoke(TaskRequest r) {
            String fn = r.parameters().path("FunctionName").asText();
            JsonNode payload = r.parameters().path("Payload");
            invoked.add(fn.substring(fn.lastIndexOf(':') + 1) + ":" + payload.path("step").asText("request"));
            try {
                Object out = switch (fn) {
                    case REQUEST_ARN -> request.handle(payload);
                    case STEPS_ARN -> steps.handle(payload);
                    default -> throw new StateFailure("Lambda.ResourceNotFoundException", fn);
                };
                var result = json.createObjectNode();
                result.set("Payload", json.valueToTree(out));
                result.put("StatusCode", 200);
                return CompletableFuture.completedFuture(result);
            } catch (StateFailure e) {
                return CompletableFuture.failedFuture(e);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new StateFailure(e.getClass().getName(), e.getMessage()));
            }
        }
    };

    @AfterEach
    void close() {
        engine.close();
    }

    static String definition() throws IOException {
        return Files.readString(DEFINITION).replace("${ReviewStepsFunctionArn}", STEPS_ARN)
                .replace("${RequestApprovalFunctionArn}", REQUEST_ARN);
    }

    /** Brand (Ann + Ben, all) → legal (Leo; the health claim needs legal approval); Cora creates. */
    String assetUnderBrief() {
        BriefInput in = new BriefInput("Spring launch", List.of("Grow trial sign-ups"), "Fresh", null,
                List.of("web"), List.of("DE"), List.of(), List.of(), new BriefInput.BrandInput("Acme", null), ALICE,
                "2026-09-01", List.of(), List.of("health"), List.of(), null,
                List.of(new BriefInput.MemberInput(ANN, "reviewer"), new BriefInput.MemberInput(BEN, "manager"),
                        new BriefInput.MemberInput(LEO, "legal"), new BriefInput.MemberInput(CORA, "creator")),
                List.of());
        Brief b = briefs.create(new CreateBriefCommand(null, ALICE, in)).brief();
        Asset a = new Asset("a1", "Acme", b.id(), "spring", "web", "Hero banner", null, List.of(), List.of(), CORA,
                NOW, NOW, 1, 1, null);
        AuditEntry e = AuditChain.next(null, "a1", 1, NOW, "ingest", "asset.created", null);
        assets.save(new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(), null,
                List.of(), List.of(), CORA, NOW, NOW, 1, 1, e.hash()), version(1), e, null);
        return "a1";
    }

    void readyVersion(int n) {
        Asset a = assets.find("a1").orElseThrow();
        AuditEntry e = AuditChain.next(a.auditHash(), "a1", a.revision() + 1, time.now(), "ingest", "version.ready",
                "v" + n);
        assets.save(new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(), null,
                List.of(), List.of(), CORA, NOW, time.now(), a.revision() + 1, n, e.hash()), version(n), e, null);
    }

    static AssetVersion version(int n) {
        return new AssetVersion("a1", n, VersionState.READY, List.of(), CORA, "originals/a1/" + n + "/hero.jpg",
                "hero.jpg", "image/jpeg", 1000, null, NOW, NOW, null, "x", "image/jpeg", 1000L,
                Integer.toHexString(n).repeat(64).substring(0, 64), null, null, null, null, null, null, null);
    }

    /** Started as the EventBridge rule does: input = the Asset Version Ingested detail. */
    ExecutionInfo ingested(int version) {
        var detail = json.createObjectNode().put("version", 1).put("assetId", "a1").put("versionNumber", version)
                .put("state", "ready");
        try {
            return engine.start(new StartRequest("arn:aws:states:us-east-1:000000000000:execution:asset-review:a1-v"
                    + version, "arn:aws:states:us-east-1:000000000000:stateMachine:asset-review",
                    "arn:aws:iam::000000000000:role/sfn", definition(), detail));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ExecutionInfo describe(ExecutionInfo e) {
        return engine.describe(e.executionArn()).orElseThrow();
    }

    String nonceFor(String reviewer, int nth) {
        List<Mail> mails = mailer.sent().stream().filter(m -> m.to().contains(reviewer))
                .filter(m -> m.subject().startsWith("Approval requested")).toList();
        assertEquals(nth, mails.size(), "approval requests to " + reviewer);
        Matcher m = LINK.matcher(mails.get(nth - 1).textBody());
        assertTrue(m.find());
        return m.group(1);
    }

    JsonNode get(String nonce) {
        return json.valueToTree(page.handle(http.event("GET", nonce, null, null)));
    }

    JsonNode post(String nonce, String form) {
        return json.valueToTree(page.handle(http.event("POST", nonce, "application/x-www-form-urlencoded", form)));
    }

    int decide(String nonce, String form) {
        return post(nonce, form + "&csrf=" + Fixture.csrfOf(get(nonce))).get("statusCode").asInt();
    }

    @Test
    void theDefinitionIsValidAndEveryPlaceholderIsKnown() throws IOException {
        String raw = Files.readString(DEFINITION);
        assertEquals(List.of("${RequestApprovalFunctionArn}", "${ReviewStepsFunctionArn}"),
                Pattern.compile("\\$\\{\\w+}").matcher(raw).results().map(m -> m.group()).distinct().sorted()
                        .toList());
        engine.parse(definition());
    }

    @Test
    void changesInRoundOneThenEveryoneApprovesVersionTwo() {
        assetUnderBrief();
        ExecutionInfo exec = ingested(1);
        String ann = nonceFor(ANN, 1);
        String ben = nonceFor(BEN, 1);

        JsonNode view = get(ann);
        assertEquals(200, view.get("statusCode").asInt());
        assertTrue(view.get("body").asText().contains("Grow trial sign-ups"), "the brief's objectives");
        assertTrue(view.get("body").asText().contains("[legal approval required]"), "the disclaimers");
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "a GET changes nothing");

        Annotation logo = reviews.annotate(ANN, "a1", 1, Anchor.region(0.05, 0.05, 0.2, 0.1), "Logo is cut off");
        Annotation small = reviews.annotate(ANN, "a1", 1, Anchor.region(0.1, 0.85, 0.8, 0.1), "Disclaimer too small");
        assertEquals(200, post(ann, "decision=changes&comment=Two+points&csrf=" + Fixture.csrfOf(view))
                .get("statusCode").asInt());
        assertEquals(409, get(ben).get("statusCode").asInt(), "Ben's vote is no longer needed");
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "waiting for the next version: "
                + describe(exec).error() + " " + describe(exec).cause());
        assertEquals(ReviewStatus.CHANGES_REQUESTED, reviews.find("a1").orElseThrow().status());
        assertTrue(mailer.sent().stream().anyMatch(m -> m.to().equals(List.of(CORA))
                && m.textBody().contains("Logo is cut off")), "the creator is told");

        time.advance(Duration.ofHours(3));
        readyVersion(2);
        ExecutionInfo second = ingested(2);
        assertEquals(ExecutionStatus.SUCCEEDED, describe(second).status(), "v2 alone runs nothing yet");
        assertEquals(1, reviews.find("a1").orElseThrow().rounds().size(), "points are not answered yet");
        reviews.answer(CORA, "a1", logo.id(), "accept", null);
        reviews.answer(CORA, "a1", small.id(), "object", "Legal set this size");

        assertEquals(2, reviews.find("a1").orElseThrow().currentRound().version());
        assertEquals(409, get(ann).get("statusCode").asInt(), "the v1 link is superseded");
        assertEquals(200, decide(nonceFor(ANN, 2), "decision=approve"));
        assertEquals(200, decide(nonceFor(BEN, 2), "decision=approve&comment=Good"));
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "legal is next");
        assertEquals(200, decide(nonceFor(LEO, 1), "decision=approve"));

        ExecutionInfo done = describe(exec);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals("approved", done.output().path("outcome").asText());
        assertEquals(2, done.output().path("round").asInt());
        assertEquals(ReviewStatus.APPROVED, reviews.find("a1").orElseThrow().status());
        var approved = events.ofType(ReviewEvents.ASSET_APPROVED);
        assertEquals(1, approved.size());
        assertEquals(2, ((ReviewEvents.AssetApproved) approved.get(0).detail()).versionNumber());
        assertEquals(2, events.ofType(ReviewEvents.ROUND_CLOSED).size());
        ReviewAudit.Verification v = new ReviewAudit(assets, links).verify("a1");
        assertTrue(v.intact(), String.valueOf(v));
    }

    @Test
    void overdueReviewersAreRemindedThenEscalatedThenTheRoundExpires() {
        assetUnderBrief();
        ExecutionInfo exec = ingested(1);
        String ann = nonceFor(ANN, 1);
        assertEquals(200, decide(ann, "decision=approve"));

        time.advance(Duration.ofDays(2).plusMinutes(1));
        List<Mail> reminders = mailer.sent().stream().filter(m -> m.subject().startsWith("Reminder")).toList();
        assertEquals(1, reminders.size(), "only Ben is still waiting");
        assertEquals(List.of(BEN), reminders.get(0).to());

        time.advance(Duration.ofDays(1));
        List<Mail> escalations = mailer.sent().stream().filter(m -> m.subject().startsWith("Overdue")).toList();
        assertEquals(1, escalations.size());
        assertEquals(List.of(ALICE), escalations.get(0).to(), "the stage owner");
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "Ben can still decide after escalation");

        time.advance(Duration.ofDays(2).plusHours(2)); // past the link expiry and the task timeout
        ExecutionInfo done = describe(exec);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), String.valueOf(done.error()));
        assertEquals("expired", done.output().path("outcome").asText());
        assertEquals(ReviewStatus.EXPIRED, reviews.find("a1").orElseThrow().status());
        assertEquals(410, get(nonceFor(BEN, 1)).get("statusCode").asInt(), "his link expired");
        assertTrue(invoked.contains("review-steps:closeRound"));
    }

    @Test
    void everyReviewEventTheWorkflowPublishesMatchesItsSchema() {
        assetUnderBrief();
        ExecutionInfo exec = ingested(1);
        assertEquals(200, decide(nonceFor(ANN, 1), "decision=approve"));
        assertEquals(200, decide(nonceFor(BEN, 1), "decision=approve"));
        assertEquals(200, decide(nonceFor(LEO, 1), "decision=approve"));
        assertEquals(ExecutionStatus.SUCCEEDED, describe(exec).status());
        var published = events.events().stream().filter(e -> e.source().equals(ReviewEvents.SOURCE)).toList();
        assertEquals(List.of(ReviewEvents.ROUND_CLOSED, ReviewEvents.ASSET_APPROVED),
                published.stream().map(e -> e.detailType()).toList());
        for (var e : published) {
            assertEquals(List.of(), SCHEMAS.validate(e.detailType(), json.valueToTree(e.detail()).toString()),
                    e.detailType());
        }
    }

    @Test
    void decideCommandsDecideOnceAndEveryRefusalIsACommandRejectedWithItsReason() {
        assetUnderBrief();
        ExecutionInfo exec = ingested(1);
        nonceFor(ANN, 1);
        DecideReviewCommandHandler handler = new DecideReviewCommandHandler(new dam.core.review.ReviewDecisions(
                reviews, linkService), events, SCHEMAS, json);

        // Off-schema: nothing decided, one rejection naming every bad field.
        var bad = handler.handle(command("{\"version\":1,\"assetId\":\"a1\",\"assetVersion\":\"1\","
                + "\"reviewer\":\"ann\",\"decision\":\"approved\"}"));
        assertEquals("schema.type", bad.get("refused"), bad.toString());
        var rejected = rejections();
        assertEquals(1, rejected.size());
        assertEquals(Set.of("assetVersion", "reviewer", "decision"), rejected.get(0).path("reasons")
                .findValuesAsText("field").stream().collect(java.util.stream.Collectors.toSet()));
        assertEquals("crm-1", rejected.get(0).path("command").path("commandId").asText());
        assertEquals("Command Decide Review", rejected.get(0).path("command").path("detailType").asText());

        // Ann approves by command; the same command again is refused as already decided.
        String ok = "{\"version\":1,\"assetId\":\"a1\",\"assetVersion\":1,\"reviewer\":\"" + ANN
                + "\",\"decision\":\"approve\"}";
        assertEquals("approve", handler.handle(command(ok)).get("decided"));
        assertEquals("approve", reviews.find("a1").orElseThrow().currentRound().stage("brand").orElseThrow()
                .slot(ANN).orElseThrow().decision());
        var again = handler.handle(command(ok));
        assertEquals("already_decided", again.get("refused"), again.toString());
        // Not a reviewer of the running stage, and a version that is not under review.
        assertEquals("forbidden", handler.handle(command(ok.replace(ANN, LEO))).get("refused"));
        assertEquals("superseded", handler.handle(command(ok.replace(ANN, BEN).replace("\"assetVersion\":1",
                "\"assetVersion\":2"))).get("refused"));
        assertEquals(4, rejections().size(), "one per refused command");
        for (JsonNode r : rejections()) {
            assertEquals(List.of(), SCHEMAS.validate("Command Rejected", r.toString()), r.toString());
        }
        assertEquals(ExecutionStatus.RUNNING, describe(exec).status(), "Ben has not decided");
    }

    private static final dam.events.EventSchemas SCHEMAS = dam.events.EventSchemas.load();

    private JsonNode command(String detail) {
        try {
            var event = json.createObjectNode().put("id", "ev-1").put("source", "partner.proofing")
                    .put("detail-type", "Command Decide Review");
            var d = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(detail);
            d.put("commandId", "crm-1");
            event.set("detail", d);
            return event;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<JsonNode> rejections() {
        return events.ofType("Command Rejected").stream().map(e -> (JsonNode) json.valueToTree(e.detail())).toList();
    }
}
