package dam.core.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A stage as it runs in one round: when it started, when its decisions are due, its reviewers' slots, its outcome. */
public record StageRun(String name, StageRule rule, String owner, Instant startedAt, Instant dueAt, List<Slot> slots,
                       Outcome outcome, Instant closedAt) {

    public StageRun {
        slots = List.copyOf(slots);
        outcome = outcome == null ? Outcome.PENDING : outcome;
    }

    public Optional<Slot> slot(String reviewer) {
        return slots.stream().filter(s -> s.reviewer().equalsIgnoreCase(reviewer)).findFirst();
    }

    /** The rule applied to the slots as they are (waiting slots count as undecided). */
    public Outcome evaluate() {
        return rule.evaluate(slots.stream().map(s -> s.closed() && s.decision() == null ? "none" : s.decision())
                .toList());
    }

    StageRun withSlot(String reviewer, UnaryOperator<Slot> change) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(s.reviewer().equalsIgnoreCase(reviewer) ? change.apply(s) : s);
        }
        return new StageRun(name, rule, owner, startedAt, dueAt, out, outcome, closedAt);
    }

    StageRun withSlots(List<Slot> newSlots) {
        return new StageRun(name, rule, owner, startedAt, dueAt, newSlots, outcome, closedAt);
    }

    StageRun closed(Outcome o, Instant at) {
        return new StageRun(name, rule, owner, startedAt, dueAt, slots, o, at);
    }
}
