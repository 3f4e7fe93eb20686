package dam.core.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One review round: the version under review (and its content hash), the stages started so far, the outcome. */
public record Round(int number, int version, String contentSha256, Instant startedAt, List<StageRun> stages,
                    Outcome outcome, Instant closedAt) {

    public Round {
        stages = List.copyOf(stages);
        outcome = outcome == null ? Outcome.PENDING : outcome;
    }

    public Optional<StageRun> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    Round withStage(StageRun run) {
        List<StageRun> out = new ArrayList<>();
        boolean replaced = false;
        for (StageRun s : stages) {
            if (s.name().equals(run.name())) {
                out.add(run);
                replaced = true;
            } else {
                out.add(s);
            }
        }
        if (!replaced) {
            out.add(run);
        }
        return new Round(number, version, contentSha256, startedAt, out, outcome, closedAt);
    }

    Round closed(Outcome o, Instant at) {
        return new Round(number, version, contentSha256, startedAt, stages, o, at);
    }
}
