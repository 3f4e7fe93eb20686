package dam.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.approval.ApprovalLinkService;
import dam.core.approval.ApprovalRequester;
import dam.core.approval.BriefApprovals;
import dam.core.approval.BriefSubjectReader;
import dam.core.approval.TaskCallbacks;
import dam.core.brief.Brief;
import dam.core.brief.BriefInput;
import dam.core.brief.BriefService;
import dam.core.brief.BriefStatus;
import dam.core.brief.CommentService;
import dam.core.brief.CreateBriefCommand;
import dam.core.brief.DisclaimerRules;
import dam.core.json.Json;
import dam.core.memory.InMemoryApprovalLinks;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.InMemoryCommentRepository;
import dam.core.memory.InMemoryReminderScheduler;
import dam.core.memory.RecordingEventPublisher;
import dam.core.memory.RecordingMailer;
import dam.core.notify.Mail;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The three handlers on in-memory ports and one test clock; task callbacks go wherever {@link #callbacks} says. */
final class Fixture {

    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final String BASE = "http://127.0.0.1:8080";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(BASE) + "/review/([A-Za-z0-9_-]{43})");

    final ObjectMapper json = Json.mapper();
    final TestClock time = new TestClock(NOW);
    final InMemoryBriefRepository briefRepo = new InMemoryBriefRepository();
    final RecordingEventPublisher events = new RecordingEventPublisher();
    final AtomicInteger ids = new AtomicInteger();
    final BriefService briefs = new BriefService(briefRepo, events, new InMemoryReminderScheduler(), time.clock(),
            () -> "b" + ids.incrementAndGet(), DisclaimerRules.defaults());
    final CommentService comments = new CommentService(briefRepo, new InMemoryCommentRepository(), time.clock(),
            () -> "c" + ids.incrementAndGet());
    final InMemoryApprovalLinks links = new InMemoryApprovalLinks();
    final RecordingMailer mailer = new RecordingMailer();
    TaskCallbacks callbacks;
    final ApprovalLinkService linkService;
    final RequestApprovalHandler request;
    final ReviewLinkHandler review;
    final ApplyBriefOutcomeHandler outcome;

    Fixture(TaskCallbacks callbacks) {
        this.callbacks = callbacks;
        BriefSubjectReader subjects = new BriefSubjectReader(briefRepo);
        TaskCallbacks indirect = new TaskCallbacks() {
            @Override
            public void succeed(String token, String output) {
                Fixture.this.callbacks.succeed(token, output);
            }

            @Override
            public void fail(String token, String error, String cause) {
                Fixture.this.callbacks.fail(token, error, cause);
            }
        };
        linkService = new ApprovalLinkService(links, indirect, subjects, time.clock(), new SecureRandom());
        request = new RequestApprovalHandler(new ApprovalRequester(linkService, subjects, mailer, time.clock(), BASE),
                json);
        review = new ReviewLinkHandler(linkService, json);
        outcome = new ApplyBriefOutcomeHandler(new BriefApprovals(briefs, comments), json);
    }

    /** A submitted brief with a brief approver and a budget approver. */
    Brief submittedBrief() {
        BriefInput in = new BriefInput("Spring <campaign>", List.of("Launch & grow"), "Fresh", null,
                List.of("web"), List.of("DE"), List.of(), List.of(), new BriefInput.BrandInput("Acme", null), "alice",
                "2026-09-01", List.of(), List.of(), List.of(), new BriefInput.BudgetInput("EUR", List.of(
                new BriefInput.BudgetLineInput(null, "Shoot", new BigDecimal("900")))), List.of(),
                List.of(new BriefInput.ApproverInput("brief", "dana@acme.example"),
                        new BriefInput.ApproverInput("budget", "fin@acme.example")));
        Brief b = briefs.create(new CreateBriefCommand(null, "alice", in)).brief();
        return briefs.transition(b.id(), 1, BriefStatus.SUBMITTED, "alice", null).brief();
    }

    /** The nonce in the last mail sent to {@code reviewer}. */
    String nonceFor(String reviewer) {
        List<Mail> mails = mailer.sent().stream().filter(m -> m.to().contains(reviewer)).toList();
        Matcher m = LINK.matcher(mails.get(mails.size() - 1).textBody());
        if (!m.find()) {
            throw new AssertionError("no review link in mail to " + reviewer);
        }
        return m.group(1);
    }

    JsonNode get(String nonce) {
        return json.valueToTree(review.handle(event("GET", nonce, null, null)));
    }

    JsonNode post(String nonce, String body) {
        return json.valueToTree(review.handle(event("POST", nonce, "application/x-www-form-urlencoded", body)));
    }

    /** The CSRF value rendered into a confirm page. */
    static String csrfOf(JsonNode page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.get("body").asText());
        if (!m.find()) {
            throw new AssertionError("no csrf field in " + page);
        }
        return m.group(1);
    }

    JsonNode event(String method, String nonce, String contentType, String body) {
        var e = json.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", method + " /review/{nonce}");
        e.put("rawPath", "/review/" + nonce);
        var headers = e.putObject("headers");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        e.putObject("requestContext").putObject("http").put("method", method).put("path", "/review/" + nonce);
        e.putObject("pathParameters").put("nonce", nonce);
        if (body != null) {
            e.put("body", body);
            e.put("isBase64Encoded", false);
        }
        return e;
    }
}
