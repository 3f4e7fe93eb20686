package dam.core.asset.memory;

import dam.core.asset.DuplicateIndex;
import dam.core.asset.Fingerprint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link DuplicateIndex} in memory, using the same band lookup as the table-backed one. */
public final class InMemoryDuplicateIndex implements DuplicateIndex {

    private final Set<Fingerprint> all = new LinkedHashSet<>();

    @Override
    public synchronized List<Fingerprint> withSha256(String sha256) {
        return all.stream().filter(f -> sha256.equals(f.sha256())).toList();
    }

    @Override
    public synchronized List<Fingerprint> nearCandidates(Fingerprint probe) {
        List<String> bands = probe.bands();
        List<Fingerprint> out = new ArrayList<>();
        for (Fingerprint f : all) {
            if (f.bands().stream().anyMatch(bands::contains)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public synchronized void add(Fingerprint fingerprint) {
        all.add(fingerprint);
    }

    public synchronized int size() {
        return all.size();
    }
}
