package dam.core.library;

import dam.core.FieldError;
import dam.core.ForbiddenException;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetDetails;
import dam.core.asset.AssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.brief.Channel;
import dam.core.brief.Coded;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Usage-rights records per asset ({@code PUT/GET/DELETE /assets/{id}/rights/{rightsId}}): validated (every field
 * error at once, nothing stored on any), stored with the asset's rights summary and an audit entry in one write, and
 * announced as {@code Rights Changed} (issue 9 drives expiry schedules from it). {@link #requireUsable} is the check
 * downloads and shares make first.
 */
public final class RightsService {

    public static final String SOURCE = "dam.library";
    public static final String RIGHTS_CHANGED = "Rights Changed";
    static final int MAX_LIST = 50;
    private static final Set<String> TERRITORIES = territories();

    private final AssetRepository assets;
    private final LibraryStore store;
    private final LibraryAccess access;
    private final EventPublisher events;
    private final Clock clock;

    public RightsService(AssetRepository assets, LibraryStore store, LibraryAccess access, EventPublisher events,
                         Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The rights view of an asset: its records and status today. */
    public record AssetRights(String assetId, RightsStatus status, List<RightsRecord> items) {
    }

    public AssetRights list(Principal actor, String assetId) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        List<RightsRecord> records = store.rights(assetId);
        return new AssetRights(assetId, RightsStatus.of(records, today()), records);
    }

    public RightsRecord get(Principal actor, String assetId, String rightsId) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        return store.rights(assetId).stream().filter(r -> r.rightsId().equals(rightsId)).findFirst()
                .orElseThrow(() -> new NotFoundException("rightsId", "asset " + assetId + " has no rights record "
                        + rightsId));
    }

    /** Creates or replaces the record {@code rightsId}. */
    public RightsRecord put(Principal actor, String assetId, String rightsId, RightsInput in) {
        Asset a = asset(assetId);
        access.requireRights(actor, a);
        List<FieldError> errors = new ArrayList<>();
        if (rightsId == null || !rightsId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            errors.add(new FieldError("rightsId", Codes.INVALID, "rights ids are 1-64 of [A-Za-z0-9_-]"));
        }
        RightsRecord record = validate(a.id(), rightsId, in, actor.userId(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<RightsRecord> after = new ArrayList<>(store.rights(assetId));
        boolean replaced = after.removeIf(r -> r.rightsId().equals(rightsId));
        after.add(record);
        write(actor, a, record, null, after, (replaced ? "rights.updated " : "rights.added ") + rightsId
                + " licence=" + record.licenceType() + " " + record.start() + ".." + (record.end() == null ? ""
                : record.end()), "put");
        return record;
    }

    public void delete(Principal actor, String assetId, String rightsId) {
        Asset a = asset(assetId);
        access.requireRights(actor, a);
        List<RightsRecord> after = new ArrayList<>(store.rights(assetId));
        if (!after.removeIf(r -> r.rightsId().equals(rightsId))) {
            throw new NotFoundException("rightsId", "asset " + assetId + " has no rights record " + rightsId);
        }
        write(actor, a, null, rightsId, after, "rights.removed " + rightsId, "removed");
    }

    /**
     * Refuses use (download, share) of an asset whose rights are expired or not yet started, with the reason. An
     * asset without records is usable (its rights are the brand's own).
     */
    public void requireUsable(String assetId) {
        List<RightsRecord> records = store.rights(assetId);
        LocalDate today = today();
        RightsStatus status = RightsStatus.of(records, today);
        if (status == RightsStatus.EXPIRED) {
            RightsRecord last = records.stream().filter(r -> r.end() != null)
                    .max(Comparator.comparing(RightsRecord::end)).orElseThrow();
            throw new ForbiddenException("usage rights expired on " + last.end() + " ("
                    + last.licenceType() + ", record " + last.rightsId() + "): this asset may not be used");
        }
        if (status == RightsStatus.PENDING) {
            RightsRecord first = records.stream().min(Comparator.comparing(RightsRecord::start)).orElseThrow();
            throw new ForbiddenException("usage rights start on " + first.start() + " (record "
                    + first.rightsId() + "): this asset may not be used before then");
        }
    }

    public RightsStatus status(String assetId) {
        return RightsStatus.of(store.rights(assetId), today());
    }

    private void write(Principal actor, Asset a, RightsRecord put, String removeId, List<RightsRecord> after,
                       String detail, String change) {
        Instant now = clock.instant();
        RightsSummary summary = summary(a.id(), after, today());
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, actor.userId(),
                put != null ? "rights.put" : "rights.removed", detail + " status=" + summary.status().code());
        Asset bumped = new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), now, a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
        store.saveRights(bumped, put, removeId, summary, audit);
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("rightsId", put != null ? put.rightsId() : removeId);
        d.put("change", change);
        d.put("status", summary.status().code());
        d.put("records", summary.records());
        if (summary.validFrom() != null) {
            d.put("validFrom", summary.validFrom().toString());
        }
        if (summary.validUntil() != null) {
            d.put("validUntil", summary.validUntil().toString());
        }
        if (put != null) {
            d.put("licenceType", put.licenceType());
            d.put("start", put.start().toString());
            if (put.end() != null) {
                d.put("end", put.end().toString());
            }
        }
        d.put("actor", actor.userId());
        d.put("at", now.toString());
        events.publish(new OutboundEvent(SOURCE, RIGHTS_CHANGED, d));
    }

    static RightsSummary summary(String assetId, List<RightsRecord> records, LocalDate today) {
        LocalDate from = records.stream().map(RightsRecord::start).min(Comparator.naturalOrder()).orElse(null);
        boolean perpetual = records.stream().anyMatch(r -> r.end() == null);
        LocalDate until = perpetual ? null : records.stream().map(RightsRecord::end).max(Comparator.naturalOrder())
                .orElse(null);
        return new RightsSummary(assetId, RightsStatus.of(records, today), from, until, records.size());
    }

    private RightsRecord validate(String assetId, String rightsId, RightsInput in, String actor,
                                  List<FieldError> errors) {
        if (in == null) {
            errors.add(new FieldError("body", Codes.REQUIRED, "send the rights record"));
            return null;
        }
        if (in.licenceType() == null || in.licenceType().isBlank()) {
            errors.add(new FieldError("licenceType", Codes.REQUIRED, "licenceType is required, one of "
                    + AssetDetails.LICENSES));
        } else if (!AssetDetails.LICENSES.contains(in.licenceType())) {
            errors.add(new FieldError("licenceType", Codes.UNKNOWN_VALUE, "licenceType must be one of "
                    + AssetDetails.LICENSES));
        }
        List<String> territories = codes("territories", in.territories(), errors, t -> {
            String u = t.strip().toUpperCase(Locale.ROOT);
            return TERRITORIES.contains(u) ? u : null;
        }, "ISO 3166 alpha-2 country codes, EU or WW (worldwide)");
        List<String> channels = codes("channels", in.channels(), errors,
                c -> Coded.parse(Channel.class, c).map(Channel::code).orElse(null),
                "channels: " + Coded.codes(Channel.class));
        LocalDate start = date("start", in.start(), true, errors);
        LocalDate end = date("end", in.end(), false, errors);
        if (start != null && end != null && end.isBefore(start)) {
            errors.add(new FieldError("end", Codes.INVALID, "end (" + end + ") is before start (" + start + ")"));
        }
        List<String> releases = new ArrayList<>();
        if (in.talentReleases() != null) {
            if (in.talentReleases().size() > MAX_LIST) {
                errors.add(new FieldError("talentReleases", Codes.TOO_MANY, "at most " + MAX_LIST + " releases"));
            }
            for (int i = 0; i < in.talentReleases().size(); i++) {
                String r = in.talentReleases().get(i);
                if (r == null || r.isBlank() || r.length() > 200) {
                    errors.add(new FieldError("talentReleases[" + i + "]", Codes.INVALID,
                            "a release reference has 1-200 characters"));
                } else {
                    releases.add(r.strip());
                }
            }
        }
        BigDecimal amount = in.costAmount();
        String currency = in.costCurrency() == null ? null : in.costCurrency().strip().toUpperCase(Locale.ROOT);
        if (amount != null && amount.signum() < 0) {
            errors.add(new FieldError("costAmount", Codes.NEGATIVE, "costAmount cannot be negative"));
        }
        if (amount != null && currency == null) {
            errors.add(new FieldError("costCurrency", Codes.REQUIRED, "a cost needs its currency (ISO 4217)"));
        }
        if (currency != null && !isCurrency(currency)) {
            errors.add(new FieldError("costCurrency", Codes.UNKNOWN_VALUE, "costCurrency must be an ISO 4217 code"));
        }
        String source = text("source", in.source(), 200, errors);
        String doc = text("documentUrl", in.documentUrl(), 2000, errors);
        if (doc != null && !httpsUrl(doc)) {
            errors.add(new FieldError("documentUrl", Codes.INVALID, "documentUrl must be an https:// URL"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new RightsRecord(assetId, rightsId, in.licenceType(), territories, channels, start, end, releases,
                amount, currency, source, doc, actor, clock.instant());
    }

    private static List<String> codes(String field, List<String> raw, List<FieldError> errors,
                                      java.util.function.Function<String, String> parse, String allowed) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldError(field, Codes.REQUIRED, field + " needs at least one value (" + allowed + ")"));
            return List.of();
        }
        if (raw.size() > MAX_LIST) {
            errors.add(new FieldError(field, Codes.TOO_MANY, "at most " + MAX_LIST + " " + field));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String v = raw.get(i) == null ? null : parse.apply(raw.get(i));
            if (v == null) {
                errors.add(new FieldError(field + "[" + i + "]", Codes.UNKNOWN_VALUE, "'" + raw.get(i)
                        + "' is not allowed; " + allowed));
            } else {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static LocalDate date(String field, String raw, boolean required, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, Codes.REQUIRED, field + " is required (a date like 2026-03-31)"));
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

    private static String text(String field, String raw, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > max) {
            errors.add(new FieldError(field, Codes.TOO_LONG, field + " has at most " + max + " characters"));
            return null;
        }
        return raw.strip();
    }

    private static boolean httpsUrl(String s) {
        try {
            URI u = new URI(s);
            return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            java.util.Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Set<String> territories() {
        Set<String> s = new java.util.HashSet<>(Set.of(Locale.getISOCountries()));
        s.add("EU");
        s.add("WW");
        return Set.copyOf(s);
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

}
