package dam.core.approval;

import dam.core.brief.AppliedDisclaimer;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import dam.core.brief.Deliverable;
import dam.core.brief.Milestone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Briefs as approval subjects (type {@value #TYPE}): the version is the brief's version (any change supersedes the
 * links sent for the previous one); the confirm page shows what approvers judge — objectives, key message, audience,
 * channels and regions, deliverables, timeline, budget and the disclaimers (fine print).
 */
public final class BriefSubjectReader implements SubjectReader {

    public static final String TYPE = "brief";

    private final BriefRepository briefs;

    public BriefSubjectReader(BriefRepository briefs) {
        this.briefs = Objects.requireNonNull(briefs);
    }

    public static Subject subject(Brief brief) {
        return new Subject(TYPE, brief.id(), brief.version(), null);
    }

    @Override
    public Optional<SubjectState> read(Subject subject) {
        if (!TYPE.equals(subject.type())) {
            throw new IllegalArgumentException("not a brief subject: " + subject.type());
        }
        return briefs.find(subject.id()).map(BriefSubjectReader::state);
    }

    static SubjectState state(Brief b) {
        List<SubjectState.Section> s = new ArrayList<>();
        add(s, "Objectives", b.objectives());
        add(s, "Key message", b.keyMessage() == null ? List.of() : List.of(b.keyMessage()));
        add(s, "Audience", b.audience() == null ? List.of() : List.of(b.audience()));
        add(s, "Channels and regions", List.of(String.join(", ", b.channels().stream().map(c -> c.code()).toList())
                + " — " + String.join(", ", b.regions())));
        add(s, "Deliverables", b.deliverables().stream().map(BriefSubjectReader::deliverable).toList());
        add(s, "Mandatory elements", b.mandatoryElements());
        List<String> timeline = new ArrayList<>();
        timeline.add("Due " + b.dueDate());
        b.milestones().stream().map(BriefSubjectReader::milestone).forEach(timeline::add);
        add(s, "Timeline", timeline);
        if (b.budget() != null) {
            List<String> lines = new ArrayList<>();
            b.budget().lines().forEach(l -> lines.add(l.description() + ": " + l.amount().toPlainString() + " "
                    + b.budget().currency()));
            lines.add("Total: " + b.budget().total().toPlainString() + " " + b.budget().currency());
            add(s, "Budget", lines);
        }
        add(s, "Disclaimers (fine print)", b.disclaimers().stream().map(BriefSubjectReader::disclaimer).toList());
        return new SubjectState(b.version(), null, b.title(), s);
    }

    private static void add(List<SubjectState.Section> sections, String heading, List<String> lines) {
        if (!lines.isEmpty()) {
            sections.add(new SubjectState.Section(heading, lines));
        }
    }

    private static String deliverable(Deliverable d) {
        return d.quantity() + " × " + d.format() + " (" + d.channel().code() + ")"
                + (d.spec() == null ? "" : " — " + d.spec());
    }

    private static String milestone(Milestone m) {
        return m.dueDate() + " " + m.name() + " (" + m.owner() + ")" + (m.done() ? " — done" : "");
    }

    private static String disclaimer(AppliedDisclaimer d) {
        return d.text() + (d.legalApprovalRequired() ? " [legal approval required]" : "");
    }
}
