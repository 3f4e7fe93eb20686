package dam.core.lifecycle;

import dam.core.approval.Html;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.launch.Placement;
import dam.core.launch.PlacementStore;
import dam.core.library.LibraryStore;
import dam.core.notify.Mail;
import dam.core.notify.Mailer;
import dam.core.notify.NotificationLedger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link ExpiryCheck} does when its schedule fires (or the daily sweep finds it due). A check planned for an
 * end that is no longer the record's (moved or removed) does nothing. T-30/T-7/T-1 mail the asset's owner and brand
 * managers; T-0 marks the current ready version {@code expired} with an audit entry in one write, then announces
 * {@value #ASSET_EXPIRED} and one {@value #UNPUBLISH_REQUESTED} per placement. Every mail and event is claimed in the
 * {@link NotificationLedger} first, so a duplicate invocation (Scheduler and Lambda are at-least-once) sends nothing
 * twice, and a retry after a failed publish sends only what is missing.
 */
public final class ExpiryService {

    public static final String SOURCE = "dam.lifecycle";
    public static final String ASSET_EXPIRED = "Asset Expired";
    public static final String UNPUBLISH_REQUESTED = "Asset Unpublish Requested";
    public static final String ACTOR = "system:expiry-scan";
    /** Ledger entries outlive any duplicate delivery by far. */
    static final Duration KEEP = Duration.ofDays(60);

    private final AssetRepository assets;
    private final LibraryStore library;
    private final PlacementStore placements;
    private final UsageTermStore terms;
    private final ExpiryStore store;
    private final ExpiryContacts contacts;
    private final Mailer mailer;
    private final NotificationLedger ledger;
    private final EventPublisher events;
    private final Clock clock;
    private final String publicBaseUrl;

    public ExpiryService(AssetRepository assets, LibraryStore library, UsageTermStore terms,
                         PlacementStore placements, ExpiryStore store, ExpiryContacts contacts, Mailer mailer,
                         NotificationLedger ledger, EventPublisher events, Clock clock, String publicBaseUrl) {
        this.assets = Objects.requireNonNull(assets);
        this.library = Objects.requireNonNull(library);
        this.terms = Objects.requireNonNull(terms);
        this.placements = Objects.requireNonNull(placements);
        this.store = Objects.requireNonNull(store);
        this.contacts = Objects.requireNonNull(contacts);
        this.mailer = Objects.requireNonNull(mailer);
        this.ledger = Objects.requireNonNull(ledger);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl);
    }

    public enum Status { REMINDED, EXPIRED, DUPLICATE, STALE, NOT_DUE }

    /** What one check did: mails and events sent by this call (0 on a duplicate). */
    public record Outcome(Status status, String reason, int mails, int events) {
        static Outcome of(Status s, String reason) {
            return new Outcome(s, reason, 0, 0);
        }
    }

    public Outcome check(ExpiryCheck c) {
        Optional<Subject> subject = subject(c);
        if (subject.isEmpty()) {
            return Outcome.of(Status.STALE, c.kind() + " record " + c.subjectId() + " is gone");
        }
        Instant ends = subject.get().endsAt();
        if (!c.endsAt().equals(ends)) {
            return Outcome.of(Status.STALE, "the record now ends " + (ends == null ? "never" : "at " + ends)
                    + ", not at " + c.endsAt());
        }
        Optional<Asset> asset = assets.find(c.assetId());
        if (asset.isEmpty()) {
            return Outcome.of(Status.STALE, "asset " + c.assetId() + " is gone");
        }
        Instant now = clock.instant();
        if (c.expires()) {
            return now.isBefore(ends) ? Outcome.of(Status.NOT_DUE, "expires at " + ends) : expire(c, asset.get());
        }
        if (!now.isBefore(ends)) {
            return Outcome.of(Status.STALE, "the reminder came after the end; the expiry handles it");
        }
        return remind(c, asset.get(), subject.get());
    }

    /**
     * The dated record a check is about, as the reminder names it: a rights record ("the usage rights "lic"
     * (rights-managed)"), a talent release or an offer; empty when it is gone (or the kind is unknown).
     */
    private record Subject(Instant endsAt, String label, LocalDate lastDay) {
    }

    private Optional<Subject> subject(ExpiryCheck c) {
        if (ExpiryCheck.RIGHTS.equals(c.kind())) {
            return library.rights(c.assetId()).stream().filter(r -> r.rightsId().equals(c.subjectId())).findFirst()
                    .map(r -> new Subject(RightsExpiry.endsAt(r), "the usage rights \"" + r.rightsId() + "\" ("
                            + r.licenceType() + ")", r.end()));
        }
        if (ExpiryCheck.TALENT.equals(c.kind()) || ExpiryCheck.OFFER.equals(c.kind())) {
            return terms.terms(c.assetId(), c.kind()).stream().filter(t -> t.termId().equals(c.subjectId()))
                    .findFirst().map(t -> new Subject(t.endsAt(), t.label(), t.end()));
        }
        return Optional.empty();
    }

    private Outcome remind(ExpiryCheck c, Asset a, Subject r) {
        Set<String> to = new LinkedHashSet<>();
        if (a.createdBy() != null && a.createdBy().contains("@")) {
            to.add(a.createdBy().toLowerCase(Locale.ROOT));
        }
        contacts.brandManagers(a).stream().filter(m -> m != null && m.contains("@"))
                .map(m -> m.toLowerCase(Locale.ROOT)).forEach(to::add);
        if (to.isEmpty()) {
            return Outcome.of(Status.STALE, "nobody to remind: the asset has no owner address or brand manager");
        }
        Mail mail = reminderMail(c, a, r, List.copyOf(to));
        boolean sent = once(key(c, "mail"), () -> {
            mailer.send(mail);
        });
        return sent ? new Outcome(Status.REMINDED, null, 1, 0) : Outcome.of(Status.DUPLICATE, "already reminded");
    }

    private Outcome expire(ExpiryCheck c, Asset a) {
        Instant now = clock.instant();
        AssetVersion current = assets.versions(a.id()).stream().filter(v -> v.state() == VersionState.READY)
                .max(Comparator.comparingInt(AssetVersion::number)).orElse(null);
        AssetVersion expired = current == null ? null : expiredVersion(current, now);
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, ACTOR, "asset.expired",
                c.kind() + " " + c.subjectId() + " ended at " + c.endsAt()
                        + (current == null ? "; no ready version" : "; version " + current.number() + " expired"));
        Asset bumped = new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), now, a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
        boolean applied = store.expire(bumped, expired, audit, c);
        // Announcements after the write, each claimed once: a retry after a failed publish sends what is missing.
        List<Placement> live = placements.placements(a.id());
        int sent = 0;
        Map<String, Object> d = base(c, a);
        if (current != null) {
            d.put("assetVersion", current.number());
        }
        d.put("placements", live.size());
        d.put("expiredAt", c.endsAt().toString());
        if (once(key(c, "expired"), () -> events.publish(new OutboundEvent(SOURCE, ASSET_EXPIRED, d)))) {
            sent++;
        }
        for (Placement p : live) {
            Map<String, Object> u = base(c, a);
            u.put("placementId", p.id());
            u.put("channel", p.channel());
            if (p.targetId() != null) {
                u.put("targetId", p.targetId());
            }
            if (p.url() != null) {
                u.put("url", p.url());
            }
            u.put("assetVersion", p.version());
            u.put("reason", (ExpiryCheck.RIGHTS.equals(c.kind()) ? "usage rights" : c.kind()) + " " + c.subjectId()
                    + " ended");
            u.put("requestedAt", now.toString());
            if (once(key(c, "unpublish#" + p.id()),
                    () -> events.publish(new OutboundEvent(SOURCE, UNPUBLISH_REQUESTED, u)))) {
                sent++;
            }
        }
        if (!applied && sent == 0) {
            return Outcome.of(Status.DUPLICATE, "already expired");
        }
        return new Outcome(Status.EXPIRED, applied ? null : "completed the announcements of an earlier run", 0, sent);
    }

    private static Map<String, Object> base(ExpiryCheck c, Asset a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("kind", c.kind());
        d.put("subjectId", c.subjectId());
        return d;
    }

    /** Claims {@code key}, runs {@code send}; releases the claim when sending fails (then rethrows). */
    private boolean once(String key, Runnable send) {
        if (!ledger.claim(key, clock.instant().plus(KEEP))) {
            return false;
        }
        try {
            send.run();
            return true;
        } catch (RuntimeException e) {
            ledger.release(key);
            throw e;
        }
    }

    static String key(ExpiryCheck c, String what) {
        return "EXPIRY#" + c.kind() + "#" + c.assetId() + "#" + c.subjectId() + "#" + c.endsAt() + "#t"
                + c.daysBefore() + "#" + what;
    }

    private static AssetVersion expiredVersion(AssetVersion v, Instant at) {
        return new AssetVersion(v.assetId(), v.number(), VersionState.EXPIRED, v.reasons(), v.submitter(),
                v.originalKey(), v.fileName(), v.declaredContentType(), v.declaredSize(), v.uploadId(), v.createdAt(),
                at, v.uploadExpiresAt(), v.claimedBy(), v.detectedType(), v.size(), v.sha256(), v.phash(), v.tech(),
                v.quality(), v.tags(), v.renditions(), v.duplicates(), v.standardName());
    }

    private Mail reminderMail(ExpiryCheck c, Asset a, Subject r, List<String> to) {
        String name = a.displayName() == null ? a.id() : a.displayName();
        String days = c.daysBefore() == 1 ? "1 day" : c.daysBefore() + " days";
        String link = publicBaseUrl + "/#/assets/" + URLEncoder.encode(a.id(), StandardCharsets.UTF_8);
        String what = switch (c.kind()) {
            case ExpiryCheck.TALENT -> "Talent release";
            case ExpiryCheck.OFFER -> "Offer";
            default -> "Usage rights";
        };
        String verb = ExpiryCheck.RIGHTS.equals(c.kind()) ? "end" : "ends";
        String subject = oneLine(what + " of \"" + name + "\" " + verb + " in " + days + " (last day " + r.lastDay()
                + ")");
        String text = "Hello,\n\n"
                + r.label() + " of the asset \"" + name + "\" (" + a.brand() + ") " + verb + " in " + days
                + ": the last day of use is " + r.lastDay() + ".\n"
                + "At the end the asset's version is marked expired, downloads are refused and every placement is "
                + "asked to take it down.\n\n"
                + "Extend it or plan the replacement: " + link + "\n\n"
                + "You receive this because you own the asset or manage the brand.\n";
        String html = "<!DOCTYPE html><html><body><p>Hello,</p>"
                + "<p>" + Html.escape(r.label()) + " of the asset <strong>" + Html.escape(name) + "</strong> ("
                + Html.escape(a.brand()) + ") " + verb + " in " + days + ": the last day of use is " + r.lastDay()
                + ".</p>"
                + "<p>At the end the asset's version is marked expired, downloads are refused and every placement is "
                + "asked to take it down.</p>"
                + "<p><a href=\"" + Html.escape(link) + "\">Extend it or plan the replacement</a></p>"
                + "<p style=\"color:#666\">You receive this because you own the asset or manage the brand.</p>"
                + "</body></html>";
        return new Mail(to, subject, text, html);
    }

    private static String oneLine(String s) {
        String flat = s.codePoints().map(ch -> Character.isISOControl(ch) ? ' ' : ch)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return flat.length() <= 200 ? flat : flat.substring(0, 199) + "…";
    }

}
