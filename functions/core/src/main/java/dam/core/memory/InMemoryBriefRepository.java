package dam.core.memory;

import dam.core.audit.AuditEntry;
import dam.core.brief.Brief;
import dam.core.brief.BriefRepository;
import dam.core.ConflictException;
import dam.core.FieldError.Codes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BriefRepository} in memory; every write is atomic (one lock). */
public final class InMemoryBriefRepository implements BriefRepository {

    private final Map<String, Brief> briefs = new HashMap<>();
    private final Map<String, List<AuditEntry>> audits = new HashMap<>();
    private final Map<String, String> commands = new HashMap<>();

    @Override
    public synchronized Optional<Brief> find(String id) {
        return Optional.ofNullable(briefs.get(id));
    }

    @Override
    public synchronized Optional<String> create(Brief brief, AuditEntry audit, String commandId) {
        if (commandId != null && commands.containsKey(commandId)) {
            return Optional.of(commands.get(commandId));
        }
        if (briefs.containsKey(brief.id())) {
            throw new IllegalStateException("brief id " + brief.id() + " already exists");
        }
        briefs.put(brief.id(), brief);
        audits.computeIfAbsent(brief.id(), k -> new ArrayList<>()).add(audit);
        if (commandId != null) {
            commands.put(commandId, brief.id());
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean update(Brief brief, long expectedVersion, AuditEntry audit, String commandId) {
        if (commandId != null && commands.containsKey(commandId)) {
            return false;
        }
        Brief current = briefs.get(brief.id());
        if (current == null || current.version() != expectedVersion) {
            throw new ConflictException("expectedVersion", Codes.CONFLICT, "brief " + brief.id() + " is not at version "
                    + expectedVersion);
        }
        briefs.put(brief.id(), brief);
        audits.get(brief.id()).add(audit);
        if (commandId != null) {
            commands.put(commandId, brief.id());
        }
        return true;
    }

    @Override
    public synchronized void updatePair(Brief first, long firstExpected, AuditEntry firstAudit, Brief second,
                                        long secondExpected, AuditEntry secondAudit) {
        for (var e : Map.of(first, firstExpected, second, secondExpected).entrySet()) {
            Brief current = briefs.get(e.getKey().id());
            if (current == null || current.version() != e.getValue()) {
                throw new ConflictException("expectedVersion", Codes.CONFLICT, "brief " + e.getKey().id()
                        + " is not at version " + e.getValue());
            }
        }
        briefs.put(first.id(), first);
        briefs.put(second.id(), second);
        audits.get(first.id()).add(firstAudit);
        audits.get(second.id()).add(secondAudit);
    }

    @Override
    public synchronized boolean commandApplied(String commandId) {
        return commands.containsKey(commandId);
    }

    @Override
    public synchronized List<AuditEntry> audit(String briefId) {
        return List.copyOf(audits.getOrDefault(briefId, List.of()));
    }

    /** Every stored brief (for {@link InMemoryBriefIndex}). */
    public synchronized List<Brief> all() {
        return List.copyOf(briefs.values());
    }

    public synchronized int size() {
        return briefs.size();
    }
}
