package dam.core.memory;

import dam.core.brief.Brief;
import dam.core.brief.BriefIndex;
import dam.core.brief.BriefStatus;

import java.util.Comparator;
import java.util.List;

/** {@link BriefIndex} over an {@link InMemoryBriefRepository} (always current, unlike a GSI). */
public final class InMemoryBriefIndex implements BriefIndex {

    private final InMemoryBriefRepository repository;

    public InMemoryBriefIndex(InMemoryBriefRepository repository) {
        this.repository = repository;
    }

    @Override
    public Page byStatus(BriefStatus status, int limit, String after) {
        List<Brief> matching = repository.all().stream()
                .filter(b -> b.status() == status)
                .filter(b -> after == null || BriefIndex.position(b).compareTo(after) < 0)
                .sorted(Comparator.comparing(BriefIndex::position).reversed())
                .toList();
        List<Brief> page = matching.subList(0, Math.min(limit, matching.size()));
        String next = matching.size() > limit ? BriefIndex.position(page.get(page.size() - 1)) : null;
        return new Page(page, next);
    }
}
