package dam.core.lifecycle;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.library.LibraryAccess;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Talent releases and offers of an asset ({@code /assets/{id}/talent/{releaseId}}, {@code /assets/{id}/offers/{offerId}}):
 * validated (every field error at once, nothing stored on any — an end before the start included), written with the
 * asset's audit entry in one write, and announced as {@value #TERM_CHANGED}, which the expiry planner turns into the
 * term's T-30/T-7/T-1/T-0 schedules exactly as for rights records. Who may: the same people who record rights
 * (legal, brand managers, admins who can see the asset).
 */
public final class UsageTermService {

    public static final String SOURCE = "dam.library";
    public static final String TERM_CHANGED = "Usage Term Changed";
    static final int MAX_TERMS = 50;

    private final AssetRepository assets;
    private final UsageTermStore store;
    private final LibraryAccess access;
    private final EventPublisher events;
    private final Clock clock;

    public UsageTermService(AssetRepository assets, UsageTermStore store, LibraryAccess access, EventPublisher events,
                            Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    public record Terms(String assetId, String kind, List<UsageTerm> items) {
    }

    public Terms list(Principal actor, String kind, String assetId) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        return new Terms(assetId, kind(kind), store.terms(assetId, kind));
    }

    public UsageTerm put(Principal actor, String kind, String assetId, String termId, UsageTermInput in) {
        kind(kind);
        Asset a = asset(assetId);
        access.requireRights(actor, a);
        List<FieldError> errors = new ArrayList<>();
        if (termId == null || !termId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            errors.add(new FieldError("termId", Codes.INVALID, "ids are 1-64 of [A-Za-z0-9_-]"));
        }
        List<UsageTerm> existing = store.terms(assetId, kind);
        boolean replaced = existing.stream().anyMatch(t -> t.termId().equals(termId));
        if (!replaced && existing.size() >= MAX_TERMS) {
            errors.add(new FieldError("termId", Codes.TOO_MANY, "an asset has at most " + MAX_TERMS + " "
                    + plural(kind)));
        }
        UsageTerm term = validate(a.id(), kind, termId, in, actor.userId(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        write(actor, a, kind, term, null, (replaced ? kind + ".updated " : kind + ".added ") + termId + " \""
                + term.name() + "\" " + (term.start() == null ? "" : term.start()) + ".." + term.end());
        return term;
    }

    public void delete(Principal actor, String kind, String assetId, String termId) {
        kind(kind);
        Asset a = asset(assetId);
        access.requireRights(actor, a);
        if (store.terms(assetId, kind).stream().noneMatch(t -> t.termId().equals(termId))) {
            throw new NotFoundException("termId", "asset " + assetId + " has no " + kind + " record " + termId);
        }
        write(actor, a, kind, null, termId, kind + ".removed " + termId);
    }

    private void write(Principal actor, Asset a, String kind, UsageTerm put, String removeId, String detail) {
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, actor.userId(),
                kind + (put != null ? ".put" : ".removed"), detail);
        Asset bumped = new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), now, a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
        store.save(bumped, put, kind, removeId, audit);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("kind", kind);
        d.put("termId", put != null ? put.termId() : removeId);
        d.put("change", put != null ? "put" : "removed");
        if (put != null) {
            d.put("name", put.name());
            if (put.start() != null) {
                d.put("start", put.start().toString());
            }
            d.put("end", put.end().toString());
        }
        d.put("actor", actor.userId());
        d.put("at", now.toString());
        events.publish(new OutboundEvent(SOURCE, TERM_CHANGED, d));
    }

    private UsageTerm validate(String assetId, String kind, String termId, UsageTermInput in, String actor,
                               List<FieldError> errors) {
        if (in == null) {
            errors.add(new FieldError("body", Codes.REQUIRED, "send the " + kind + " record"));
            return null;
        }
        String what = ExpiryCheck.TALENT.equals(kind) ? "the talent's name" : "the offer's title";
        String name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", Codes.REQUIRED, "name is required (" + what + ")"));
        } else if (name.length() > 200 || name.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", Codes.INVALID, "name is one line of at most 200 characters"));
        }
        String reference = in.reference() == null || in.reference().isBlank() ? null : in.reference().strip();
        if (reference != null && reference.length() > 200) {
            errors.add(new FieldError("reference", Codes.TOO_LONG, "reference has at most 200 characters"));
        }
        LocalDate start = date("start", in.start(), false, errors);
        LocalDate end = date("end", in.end(), true, errors);
        if (start != null && end != null && end.isBefore(start)) {
            errors.add(new FieldError("end", Codes.INVALID, "end (" + end + ") is before start (" + start + ")"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new UsageTerm(assetId, kind, termId, name, reference, start, end, actor, clock.instant());
    }

    private static LocalDate date(String field, String raw, boolean required, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, Codes.REQUIRED, field + " is required (the last day, like 2026-03-31)"));
            }
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be a date like 2026-03-31, got '"
                    + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + "'"));
            return null;
        }
    }

    private static String kind(String kind) {
        if (!ExpiryCheck.TALENT.equals(kind) && !ExpiryCheck.OFFER.equals(kind)) {
            throw new IllegalArgumentException("not a usage term kind: " + kind);
        }
        return kind;
    }

    private static String plural(String kind) {
        return ExpiryCheck.TALENT.equals(kind) ? "talent releases" : "offers";
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }
}
