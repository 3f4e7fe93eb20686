package dam.core.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds facts into the aggregate items (issue 10): each fact becomes a handful of counter changes applied together,
 * once per fact id ({@link AnalyticsStore#apply}), so duplicate deliveries are harmless and a report reads a few
 * pre-summed items instead of scanning uses.
 */
public final class Aggregator {

    private static final System.Logger LOG = System.getLogger(Aggregator.class.getName());
    /** A review stage is due three days after it starts ({@code ReviewSettings.defaults}): the response-time SLA. */
    public static final Duration REVIEW_SLA = Duration.ofDays(3);

    public enum Outcome { APPLIED, DUPLICATE, SKIPPED }

    private final AnalyticsStore store;
    private final AssetDirectory assets;

    public Aggregator(AnalyticsStore store, AssetDirectory assets) {
        this.store = Objects.requireNonNull(store);
        this.assets = Objects.requireNonNull(assets);
    }

    public Outcome apply(Fact fact) {
        Optional<List<Delta>> deltas = deltas(fact);
        if (deltas.isEmpty()) {
            return Outcome.SKIPPED;
        }
        return store.apply(fact.id(), deltas.get()) ? Outcome.APPLIED : Outcome.DUPLICATE;
    }

    /** The changes a fact makes; empty when it cannot be placed (its asset is gone): logged, not retried forever. */
    public Optional<List<Delta>> deltas(Fact fact) {
        LocalDate day = LocalDate.ofInstant(fact.at(), ZoneOffset.UTC);
        YearMonth month = YearMonth.from(day);
        List<Delta> out = new ArrayList<>();
        if (fact instanceof Fact.Use u && u.event().kind() == UsageKind.SEARCH) {
            out.add(Delta.add(AnalyticsKeys.searches(month), day.toString(), Map.of("searches", 1L)));
        } else if (fact instanceof Fact.Use u) {
            Optional<AssetFacts> a = asset(u.event().assetId(), fact);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            use(u.event(), a.get(), day, out);
        } else if (fact instanceof Fact.Catalogued c) {
            out.add(new Delta(AnalyticsKeys.catalogue(c.brand()), c.assetId(), Map.of(),
                    Map.of("title", c.title() == null ? c.assetId() : c.title()),
                    Map.of("createdAt", c.at().toString())));
        } else if (fact instanceof Fact.Stored s) {
            Optional<AssetFacts> a = asset(s.assetId(), fact);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            out.add(new Delta(AnalyticsKeys.STORAGE, AnalyticsKeys.brand(a.get().brand()),
                    Map.of("bytes", s.bytes(), "versions", 1L), Map.of(), Map.of("brand", a.get().brand())));
        } else if (fact instanceof Fact.BriefSubmitted b) {
            out.add(new Delta(AnalyticsKeys.briefSubmission(b.briefId()), "SUBMITTED", Map.of(), Map.of(),
                    Map.of("submittedAt", b.at().toString(), "brand", b.brand())));
        } else if (fact instanceof Fact.BriefApproved b) {
            Optional<Row> submitted = store.get(AnalyticsKeys.briefSubmission(b.briefId()), "SUBMITTED");
            if (submitted.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "brief {0} approved without a recorded submission: no cycle",
                        b.briefId());
                return Optional.empty();
            }
            String from = submitted.get().string("submittedAt");
            long seconds = Duration.between(Instant.parse(from), b.at()).toSeconds();
            out.add(new Delta(AnalyticsKeys.cycles(b.brand(), month), day + "#" + b.briefId(), Map.of(),
                    Map.of("title", b.title() == null ? b.briefId() : b.title(), "submittedAt", from,
                            "approvedAt", b.at().toString(), "seconds", Long.toString(seconds)), Map.of()));
        } else if (fact instanceof Fact.AssetApproved a) {
            String title = assets.find(a.assetId()).map(AssetFacts::title).orElse(a.assetId());
            out.add(new Delta(AnalyticsKeys.rounds(a.brand(), month), day + "#" + a.assetId() + "#v" + a.version(),
                    Map.of(), Map.of("title", title, "rounds", Integer.toString(a.rounds()),
                    "approvedAt", a.at().toString()), Map.of()));
        } else if (fact instanceof Fact.ReviewerDecided r) {
            Optional<AssetFacts> a = asset(r.assetId(), fact);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            long seconds = Math.max(0, Duration.between(r.issuedAt(), r.at()).toSeconds());
            out.add(new Delta(AnalyticsKeys.responses(a.get().brand(), month), day + "#" + r.id(), Map.of(),
                    Map.of("reviewer", r.reviewer(), "decision", r.decision(), "seconds", Long.toString(seconds),
                            "withinSla", seconds <= REVIEW_SLA.toSeconds() ? "yes" : "no"), Map.of()));
        }
        return Optional.of(out);
    }

    private void use(UsageEvent e, AssetFacts a, LocalDate day, List<Delta> out) {
        String counter = switch (e.kind()) {
            case VIEW -> "views";
            case DOWNLOAD -> "downloads";
            case SHARE -> "shares";
            case PLACEMENT -> "placements";
            case SEARCH -> throw new IllegalStateException("searches have no asset");
        };
        Map<String, String> title = Map.of("title", a.title());
        out.add(new Delta(AnalyticsKeys.useDay(a.brand(), day), a.assetId(), Map.of(counter, 1L), title, Map.of()));
        out.add(new Delta(AnalyticsKeys.useWeek(a.brand(), AnalyticsKeys.weekOf(day)), a.assetId(),
                Map.of(counter, 1L), title, Map.of()));
        out.add(new Delta(AnalyticsKeys.useMonth(a.brand(), YearMonth.from(day)), a.assetId(), Map.of(counter, 1L),
                title, Map.of()));
        YearMonth month = YearMonth.from(day);
        if (e.kind() == UsageKind.DOWNLOAD) {
            out.add(Delta.add(AnalyticsKeys.downloads(a.brand(), "U", month), day + "#" + e.userId(),
                    Map.of("downloads", 1L)));
            out.add(Delta.add(AnalyticsKeys.downloads(a.brand(), "T", month), day + "#" + e.team(),
                    Map.of("downloads", 1L)));
            out.add(Delta.add(AnalyticsKeys.downloads(a.brand(), "C", month), day + "#" + a.channel(),
                    Map.of("downloads", 1L)));
        }
        if (e.kind() == UsageKind.PLACEMENT) {
            out.add(new Delta(AnalyticsKeys.placements(a.brand(), month), day + "#" + a.assetId() + "#" + e.id(),
                    Map.of(), Map.of("title", a.title(), "channel", e.via(), "user", e.userId(),
                    "at", e.at().toString()), Map.of()));
        }
    }

    private Optional<AssetFacts> asset(String assetId, Fact fact) {
        Optional<AssetFacts> a = assets.find(assetId);
        if (a.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "fact {0}: asset {1} not found, not counted", fact.id(), assetId);
        }
        return a;
    }
}
