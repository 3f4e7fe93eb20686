package dam.core.analytics;

import java.util.Map;
import java.util.Objects;

/**
 * One change to one aggregate item: numbers added ({@code add}, created at 0), strings set ({@code set}) and strings
 * set only when absent ({@code keep}, e.g. the first time seen). Applying it twice would count twice — which is why
 * {@link AnalyticsStore#apply} applies a fact's deltas only once.
 */
public record Delta(String pk, String sk, Map<String, Long> add, Map<String, String> set, Map<String, String> keep) {

    public Delta {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        add = Map.copyOf(add);
        set = Map.copyOf(set);
        keep = Map.copyOf(keep);
    }

    public static Delta add(String pk, String sk, Map<String, Long> add) {
        return new Delta(pk, sk, add, Map.of(), Map.of());
    }
}
