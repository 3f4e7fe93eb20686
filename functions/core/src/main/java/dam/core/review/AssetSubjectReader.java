package dam.core.review;

import dam.core.approval.ApprovalLink;
import dam.core.approval.Refusal;
import dam.core.approval.Subject;
import dam.core.approval.SubjectReader;
import dam.core.approval.SubjectState;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.brief.AppliedDisclaimer;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asset versions as approval subjects (type {@value #TYPE}, id = asset id, version = version number, content hash =
 * the version's SHA-256). The current version is the newest ready one, so a link for v1 is superseded once v2 is ready.
 * The confirm page shows the preview, the brief's objectives and disclaimers, the previous round's comments and
 * points (with the creator's answers) and the points already made on this version. A link whose stage was settled
 * without it is refused as {@link Refusal#CLOSED}.
 */
public final class AssetSubjectReader implements SubjectReader {

    public static final String TYPE = "asset";

    private final AssetRepository assets;
    private final ReviewRepository reviews;
    private final BriefRepository briefs;
    private final PreviewSource previews;

    public AssetSubjectReader(AssetRepository assets, ReviewRepository reviews, BriefRepository briefs,
                              PreviewSource previews) {
        this.assets = Objects.requireNonNull(assets);
        this.reviews = Objects.requireNonNull(reviews);
        this.briefs = Objects.requireNonNull(briefs);
        this.previews = Objects.requireNonNull(previews);
    }

    public static Subject subject(String assetId, int version, String sha256) {
        return new Subject(TYPE, assetId, version, sha256);
    }

    @Override
    public Optional<SubjectState> read(Subject subject) {
        if (!TYPE.equals(subject.type())) {
            throw new IllegalArgumentException("not an asset subject: " + subject.type());
        }
        Optional<Asset> asset = assets.find(subject.id());
        Optional<AssetVersion> current = assets.versions(subject.id()).stream()
                .filter(v -> v.state() == VersionState.READY).max(Comparator.comparingInt(AssetVersion::number));
        if (asset.isEmpty() || current.isEmpty()) {
            return Optional.empty();
        }
        AssetVersion v = current.get();
        List<SubjectState.Section> sections = new ArrayList<>();
        Optional<Review> review = reviews.find(subject.id());
        Brief brief = asset.get().briefId() == null ? null : briefs.find(asset.get().briefId()).orElse(null);
        if (brief != null) {
            add(sections, "Brief objectives", brief.objectives());
            add(sections, "Disclaimers (must appear)", brief.disclaimers().stream().map(AssetSubjectReader::disclaimer)
                    .toList());
        }
        List<String> file = new ArrayList<>();
        file.add(v.fileName() + (v.detectedType() == null ? "" : " (" + v.detectedType() + ")"));
        if (v.tech() != null && v.tech().hasDimensions()) {
            file.add(v.tech().displayWidth() + " × " + v.tech().displayHeight() + " px");
        }
        file.add("SHA-256 " + v.sha256());
        add(sections, "File", file);
        if (review.isPresent()) {
            List<Annotation> notes = reviews.annotations(subject.id());
            Optional<Round> here = review.get().roundOfVersion(v.number());
            int previous = here.map(Round::number).orElse(review.get().currentRound().number() + 1) - 1;
            review.get().round(previous).ifPresent(p -> add(sections, "Previous round's comments (round "
                    + p.number() + ", version " + p.version() + ")", previousComments(p, notes)));
            add(sections, "Points on this version", notes.stream().filter(a -> a.version() == v.number())
                    .map(AssetSubjectReader::point).toList());
        }
        return Optional.of(new SubjectState(v.number(), v.sha256(), asset.get().displayName() + " — version "
                + v.number(), sections, previews.preview(v).orElse(null)));
    }

    @Override
    public Optional<Refusal> refusalFor(ApprovalLink link) {
        Optional<Review> review = reviews.find(link.subject().id());
        Optional<Round> round = review.flatMap(r -> r.roundOfVersion(link.subject().version()));
        Optional<StageRun> run = round.flatMap(r -> r.stage(link.kind()));
        Optional<Slot> slot = run.flatMap(s -> s.slot(link.reviewer()));
        if (slot.isEmpty()) {
            return Optional.empty(); // not (yet) a review slot: the link alone decides
        }
        boolean settled = slot.get().closed() || run.get().outcome() != Outcome.PENDING
                || round.get().outcome() != Outcome.PENDING;
        return settled && slot.get().decision() == null ? Optional.of(Refusal.CLOSED) : Optional.empty();
    }

    private static List<String> previousComments(Round p, List<Annotation> notes) {
        List<String> out = new ArrayList<>();
        for (StageRun s : p.stages()) {
            for (Slot sl : s.slots()) {
                if (sl.comment() != null && !sl.comment().isBlank()) {
                    out.add(s.name() + " — " + sl.reviewer() + " (" + sl.decision() + "): " + sl.comment());
                }
            }
        }
        notes.stream().filter(a -> a.round() == p.number()).map(AssetSubjectReader::point).forEach(out::add);
        return out;
    }

    private static String point(Annotation a) {
        String answer = a.answer() == null ? "" : " — creator: " + a.answer().code()
                + (a.answer().reason() == null ? "" : " (" + a.answer().reason() + ")");
        return "[" + a.anchor().describe() + "] " + a.author() + ": " + a.body() + (a.resolved() ? " (resolved)" : "")
                + (a.replies().isEmpty() ? "" : " +" + a.replies().size() + " repl" + (a.replies().size() == 1 ? "y"
                : "ies")) + answer;
    }

    private static String disclaimer(AppliedDisclaimer d) {
        return d.text() + (d.legalApprovalRequired() ? " [legal approval required]" : "");
    }

    private static void add(List<SubjectState.Section> sections, String heading, List<String> lines) {
        if (!lines.isEmpty()) {
            sections.add(new SubjectState.Section(heading, lines));
        }
    }
}
