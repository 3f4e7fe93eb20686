package dam.core.analytics.memory;

import dam.core.analytics.AnalyticsStore;
import dam.core.analytics.Delta;
import dam.core.analytics.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** {@link AnalyticsStore} in memory, with the same once-per-fact rule, for unit tests. */
public final class InMemoryAnalyticsStore implements AnalyticsStore {

    private final Map<String, TreeMap<String, Item>> partitions = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    private static final class Item {
        final Map<String, Long> numbers = new HashMap<>();
        final Map<String, String> strings = new HashMap<>();
    }

    @Override
    public synchronized boolean apply(String factId, List<Delta> deltas) {
        if (!seen.add(factId)) {
            return false;
        }
        for (Delta d : deltas) {
            Item item = partitions.computeIfAbsent(d.pk(), k -> new TreeMap<>()).computeIfAbsent(d.sk(),
                    k -> new Item());
            d.add().forEach((k, v) -> item.numbers.merge(k, v, Long::sum));
            item.strings.putAll(d.set());
            d.keep().forEach(item.strings::putIfAbsent);
        }
        return true;
    }

    @Override
    public List<Row> range(String pk, String from, String to) {
        return range(pk, from, to, name -> true);
    }

    /** Leaves the other attributes out, as a projection does, so a report that reads one it did not ask for fails. */
    @Override
    public List<Row> range(String pk, String from, String to, Set<String> attributes) {
        return range(pk, from, to, attributes::contains);
    }

    private synchronized List<Row> range(String pk, String from, String to, Predicate<String> wanted) {
        List<Row> out = new ArrayList<>();
        TreeMap<String, Item> p = partitions.get(pk);
        if (p != null) {
            p.subMap(from, true, to, true).forEach((sk, i) -> {
                Map<String, Long> numbers = new HashMap<>();
                Map<String, String> strings = new HashMap<>();
                i.numbers.forEach((k, v) -> {
                    if (wanted.test(k)) {
                        numbers.put(k, v);
                    }
                });
                i.strings.forEach((k, v) -> {
                    if (wanted.test(k)) {
                        strings.put(k, v);
                    }
                });
                out.add(new Row(pk, sk, numbers, strings));
            });
        }
        return out;
    }

    @Override
    public synchronized Optional<Row> get(String pk, String sk) {
        TreeMap<String, Item> p = partitions.get(pk);
        Item i = p == null ? null : p.get(sk);
        return i == null ? Optional.empty() : Optional.of(new Row(pk, sk, i.numbers, i.strings));
    }

    /** Every aggregate item (a bulk copy into a real table: the reports bench). */
    public synchronized List<Row> rows() {
        List<Row> out = new ArrayList<>();
        partitions.forEach((pk, items) -> items.forEach((sk, i) -> out.add(new Row(pk, sk, i.numbers, i.strings))));
        return out;
    }

    public synchronized int facts() {
        return seen.size();
    }
}
