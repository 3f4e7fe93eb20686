package dam.approval;

import dam.core.approval.ApprovalLink;
import dam.core.approval.Refusal;
import dam.core.approval.Subject;
import dam.core.approval.SubjectReader;
import dam.core.approval.SubjectState;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** One approval function serves briefs and asset versions: each subject type goes to its own reader (built lazily). */
final class TypedSubjects implements SubjectReader {

    private final Map<String, Supplier<SubjectReader>> readers;

    TypedSubjects(Map<String, Supplier<SubjectReader>> readers) {
        this.readers = Map.copyOf(readers);
    }

    @Override
    public Optional<SubjectState> read(Subject subject) {
        return reader(subject.type()).read(subject);
    }

    @Override
    public Optional<Refusal> refusalFor(ApprovalLink link) {
        return reader(link.subject().type()).refusalFor(link);
    }

    private SubjectReader reader(String type) {
        Supplier<SubjectReader> r = readers.get(type);
        if (r == null) {
            throw new IllegalArgumentException("no approval subjects of type " + type);
        }
        return r.get();
    }
}
