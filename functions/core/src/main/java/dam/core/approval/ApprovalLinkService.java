package dam.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.approval.ApprovalLinkRepository.Write;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Scanner-proof approval links (ARCHITECTURE §5, issue 7 "Email links"), shared by brief approvals and asset reviews.
 * <ul>
 *   <li>{@link #issue}: a 256-bit nonce for the URL; only its SHA-256 is stored, with a per-link CSRF value, the task
 *       token, reviewer, subject (version + content hash) and expiry.</li>
 *   <li>{@link #view}: what the confirm page shows — never changes the link (mail scanners prefetch GETs).</li>
 *   <li>{@link #decide}: with the link's CSRF value, stores the decision exactly once (conditional write pending →
 *       decided), then answers the waiting task.</li>
 * </ul>
 * Every request, view, decision and refusal is appended to the subject's approval audit chain (hash-linked, in the same
 * write as the change it records); refusals for unknown links go to the chain {@value #UNATTRIBUTED}.
 */
public final class ApprovalLinkService {

    public static final Duration MAX_VALIDITY = Duration.ofDays(30);
    public static final int COMMENT_MAX = 2000;
    /** Audit chain for requests with a nonce that matches no link (forged, mistyped). */
    public static final String UNATTRIBUTED = "links:unknown";
    static final int NONCE_BYTES = 32;
    static final int CSRF_BYTES = 16;
    /** Appends race only with other activity on the same subject; this many lost races in a row is a fault. */
    static final int MAX_CHAIN_ATTEMPTS = 50;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final System.Logger LOG = System.getLogger(ApprovalLinkService.class.getName());

    private final ApprovalLinkRepository repo;
    private final TaskCallbacks callbacks;
    private final SubjectReader subjects;
    private final Clock clock;
    private final SecureRandom random;
    private final DecisionListener listener;
    private final ObjectMapper json = Json.mapper();

    /**
     * Told of every stored decision (whichever path it came through) before the waiting task is answered — asset
     * reviews record the vote and close a stage early when its rule is already met.
     */
    @FunctionalInterface
    public interface DecisionListener {
        void decided(ApprovalLink decided);
    }

    public ApprovalLinkService(ApprovalLinkRepository repo, TaskCallbacks callbacks, SubjectReader subjects,
                               Clock clock, SecureRandom random) {
        this(repo, callbacks, subjects, clock, random, link -> { });
    }

    public ApprovalLinkService(ApprovalLinkRepository repo, TaskCallbacks callbacks, SubjectReader subjects,
                               Clock clock, SecureRandom random, DecisionListener listener) {
        this.repo = Objects.requireNonNull(repo);
        this.callbacks = Objects.requireNonNull(callbacks);
        this.subjects = Objects.requireNonNull(subjects);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.listener = Objects.requireNonNull(listener);
    }

    /** A new link: the nonce goes into the URL (and nowhere else); the stored link holds only its hash. */
    public record Issued(String nonce, ApprovalLink link) {
        @Override
        public String toString() {
            return "Issued[" + link + "]";
        }
    }

    public Issued issue(Subject subject, String reviewer, String kind, String taskToken, Instant expiresAt) {
        Objects.requireNonNull(subject, "subject");
        require(reviewer, "reviewer");
        require(kind, "kind");
        require(taskToken, "taskToken");
        Instant now = clock.instant();
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_VALIDITY))) {
            throw new IllegalArgumentException("expiresAt must be after now and within " + MAX_VALIDITY.toDays()
                    + " days, got " + expiresAt);
        }
        String nonce = token(NONCE_BYTES);
        ApprovalLink link = new ApprovalLink(sha256(nonce), token(CSRF_BYTES), taskToken, reviewer, kind, subject,
                now, expiresAt, LinkState.PENDING, null, null, null, false);
        Write w = appendWith(subject.auditKey(), "workflow", "approval.requested",
                describe(link) + " expiresAt=" + expiresAt, e -> repo.create(link, e));
        if (w != Write.DONE) {
            throw new IllegalStateException("link " + link.handle() + " could not be stored: " + w);
        }
        return new Issued(nonce, link);
    }

    /** The confirm page for a link, or why there is none. Changes no link state (the view itself is audited). */
    public LinkResult view(String nonce) {
        Lookup l = lookup(nonce, "view");
        if (l.refusal != null) {
            return l.refusal;
        }
        ApprovalLink link = l.link;
        if (link.state() == LinkState.DECIDED) {
            retryCallback(link);
            return refuse(link, Refusal.ALREADY_DECIDED, "view", null);
        }
        Current c = current(link, "view");
        if (c.refusal != null) {
            return c.refusal;
        }
        appendWith(link.subject().auditKey(), link.reviewer(), "approval.viewed", describe(link), repo::append);
        return LinkResult.ok(page(link, c.state, null, null), false);
    }

    /**
     * Decides through a link: {@code csrf} must be the link's; {@code actingUser} (nullable) is the signed-in user when
     * the decision comes from the console — it must then be the link's reviewer. Exactly one decision per link wins;
     * the others are refused as already decided.
     */
    public LinkResult decide(String nonce, String csrf, String decisionCode, String comment, String actingUser) {
        Lookup l = lookup(nonce, "decide");
        if (l.refusal != null) {
            return l.refusal;
        }
        ApprovalLink link = l.link;
        if (csrf == null || !MessageDigest.isEqual(link.csrf().getBytes(StandardCharsets.UTF_8),
                csrf.getBytes(StandardCharsets.UTF_8))) {
            return refuse(link, Refusal.BAD_CSRF, "decide", null);
        }
        return decideLink(link, decisionCode, comment, actingUser, "link");
    }

    /**
     * Decides a link as its signed-in reviewer (the console, or an integration command naming the reviewer): the
     * caller authenticated {@code actingUser}, so no CSRF value is needed — but it must be the link's reviewer. The
     * link is addressed by its stored hash (the nonce exists only in the reviewer's mail). Same checks, same single
     * decision and same audit as {@link #decide}.
     *
     * @param via how the decision arrived ("console", "command"), recorded in the audit entry
     */
    public LinkResult decideAs(String nonceHash, String actingUser, String decisionCode, String comment, String via) {
        require(actingUser, "actingUser");
        require(via, "via");
        Optional<ApprovalLink> found = nonceHash == null ? Optional.empty() : repo.find(nonceHash);
        if (found.isEmpty()) {
            appendWith(UNATTRIBUTED, actingUser, "approval.refused", "reason=unknown on=decide via=" + via,
                    repo::append);
            return LinkResult.refused(Refusal.UNKNOWN, null);
        }
        return decideLink(found.get(), decisionCode, comment, actingUser, via);
    }

    private LinkResult decideLink(ApprovalLink link, String decisionCode, String comment, String actingUser,
                                  String via) {
        if (actingUser != null && !actingUser.equalsIgnoreCase(link.reviewer())) {
            return refuse(link, Refusal.WRONG_REVIEWER, "decide", "acting=" + actingUser);
        }
        if (link.state() == LinkState.DECIDED) {
            retryCallback(link);
            return refuse(link, Refusal.ALREADY_DECIDED, "decide", null);
        }
        Current c = current(link, "decide");
        if (c.refusal != null) {
            return c.refusal;
        }
        Optional<Decision> decision = Decision.parse(decisionCode);
        String text = comment == null ? "" : comment.strip();
        String problem = decision.isEmpty() ? "choose approve, request changes or reject"
                : text.length() > COMMENT_MAX ? "the comment has " + text.length() + " characters; at most "
                + COMMENT_MAX
                : decision.get().needsComment() && text.isEmpty() ? "say what should change (a comment is required)"
                : null;
        if (problem != null) {
            return refuse(link, Refusal.INVALID, "decide", problem);
        }
        Decision d = decision.get();
        Instant at = clock.instant();
        Write w = appendWith(link.subject().auditKey(), link.reviewer(), "approval.decided",
                describe(link) + " decision=" + d.code() + " via=" + via + " comment=" + quote(text),
                e -> repo.decide(link.nonceHash(), d, text, at, e));
        if (w == Write.NOT_PENDING) {
            // Lost the race to a concurrent decision: the other one stands.
            return refuse(link, Refusal.ALREADY_DECIDED, "decide", "lost a concurrent decision");
        }
        ApprovalLink decided = link.decided(d, text, at);
        tell(decided);
        boolean answered = answer(decided);
        return LinkResult.ok(page(decided, c.state, d, text), answered);
    }

    /** The approval audit chain of a subject, in order. */
    public List<AuditEntry> audit(Subject subject) {
        return repo.audit(subject.auditKey());
    }

    /** Hex SHA-256 of a nonce: the only form in which a nonce is stored. */
    public static String sha256(String nonce) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    private record Lookup(ApprovalLink link, LinkResult refusal) {
    }

    private Lookup lookup(String nonce, String what) {
        Optional<ApprovalLink> link = nonce != null && NONCE.matcher(nonce).matches()
                ? repo.find(sha256(nonce)) : Optional.empty();
        if (link.isPresent()) {
            return new Lookup(link.get(), null);
        }
        // Only a prefix of the hash is recorded: enough to correlate probes, useless to replay.
        String handle = nonce == null || nonce.isEmpty() ? "none" : sha256(nonce).substring(0, 16);
        appendWith(UNATTRIBUTED, "anonymous", "approval.refused", "reason=unknown on=" + what + " link=" + handle,
                repo::append);
        LOG.log(System.Logger.Level.INFO, "approval link refused: unknown ({0}, link {1})", what, handle);
        return new Lookup(null, LinkResult.refused(Refusal.UNKNOWN, null));
    }

    /** The subject as it is now, or the refusal when the link expired or its subject moved on. */
    private record Current(SubjectState state, LinkResult refusal) {
    }

    private Current current(ApprovalLink link, String what) {
        if (!clock.instant().isBefore(link.expiresAt())) {
            return new Current(null, refuse(link, Refusal.EXPIRED, what, null));
        }
        Optional<SubjectState> now = subjects.read(link.subject());
        if (now.isEmpty() || !link.subject().stillCurrent(now.get())) {
            String detail = now.map(s -> "current=v" + s.version()).orElse("subject gone");
            return new Current(null, refuse(link, Refusal.SUPERSEDED, what, detail));
        }
        Optional<Refusal> closed = subjects.refusalFor(link);
        if (closed.isPresent()) {
            return new Current(null, refuse(link, closed.get(), what, null));
        }
        return new Current(now.get(), null);
    }

    private LinkResult refuse(ApprovalLink link, Refusal refusal, String what, String detail) {
        appendWith(link.subject().auditKey(), link.reviewer(), "approval.refused", "reason=" + refusal.code()
                + " on=" + what + " " + describe(link) + (detail == null ? "" : " " + quote(detail)), repo::append);
        LOG.log(System.Logger.Level.INFO, "approval link {0} refused: {1} ({2})", link.handle(), refusal.code(), what);
        return LinkResult.refused(refusal, refusal == Refusal.INVALID ? detail : null);
    }

    /** Tells the waiting task; false if it could not be told now (retried on the link's next use) or was gone. */
    private boolean answer(ApprovalLink link) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", link.decision().code());
        out.put("comment", link.comment());
        out.put("reviewer", link.reviewer());
        out.put("kind", link.kind());
        out.put("decidedAt", link.decidedAt().toString());
        out.put("subject", Map.of("type", link.subject().type(), "id", link.subject().id(),
                "version", link.subject().version()));
        try {
            callbacks.succeed(link.taskToken(), json.writeValueAsString(out));
            repo.markNotified(link.nonceHash());
            return true;
        } catch (TaskCallbacks.TaskGoneException e) {
            LOG.log(System.Logger.Level.WARNING, "decision on link {0} stored, but its task no longer waits: {1}",
                    link.handle(), e.getMessage());
            repo.markNotified(link.nonceHash());
            return false;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision", e);
        } catch (RuntimeException e) {
            // Stored but not delivered: the next view/decide of this link retries the callback.
            LOG.log(System.Logger.Level.WARNING, "decision on link {0} stored; telling its task failed, will retry: {1}",
                    link.handle(), e.toString());
            return false;
        }
    }

    /**
     * A decision stored but whose task was not told yet: tell the listener again before the task, because this use
     * may race the deciding request between its write and its listener — the workflow must not move on before the
     * vote is recorded (listeners ignore a decision they already have).
     */
    private void retryCallback(ApprovalLink link) {
        if (!link.notified() && link.decision() != null) {
            tell(link);
            answer(link);
        }
    }

    private void tell(ApprovalLink decided) {
        try {
            listener.decided(decided);
        } catch (RuntimeException e) {
            // The decision stands and the task still gets it; the workflow re-reads votes from the task results.
            LOG.log(System.Logger.Level.WARNING, "decision on link {0} stored; its listener failed: {1}",
                    decided.handle(), e.toString());
        }
    }

    private Write appendWith(String chain, String actor, String action, String detail,
                             Function<AuditEntry, Write> write) {
        for (int attempt = 0; attempt < MAX_CHAIN_ATTEMPTS; attempt++) {
            Optional<AuditEntry> head = repo.auditHead(chain);
            AuditEntry entry = AuditChain.next(head.map(AuditEntry::hash).orElse(null), chain,
                    head.map(h -> h.seq() + 1).orElse(1L), clock.instant(), actor, action, detail);
            Write w = write.apply(entry);
            if (w != Write.CHAIN_MOVED) {
                return w;
            }
        }
        throw new IllegalStateException("audit chain " + chain + " kept moving; gave up after " + MAX_CHAIN_ATTEMPTS
                + " attempts");
    }

    private static LinkPage page(ApprovalLink link, SubjectState current, Decision d, String comment) {
        return new LinkPage(link.reviewer(), link.kind(), link.subject(), link.expiresAt(), link.csrf(), current, d,
                comment);
    }

    private static String describe(ApprovalLink link) {
        return "link=" + link.handle() + " kind=" + link.kind() + " reviewer=" + link.reviewer() + " version="
                + link.subject().version()
                + (link.subject().contentSha256() == null ? "" : " sha256=" + link.subject().contentSha256());
    }

    private static String quote(String s) {
        String clipped = s.length() > 500 ? s.substring(0, 500) + "…" : s;
        return "\"" + clipped.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
