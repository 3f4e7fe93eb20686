package dam.core.analytics;

import java.util.Map;

/** One aggregate item as read back: its keys, numbers and strings. */
public record Row(String pk, String sk, Map<String, Long> numbers, Map<String, String> strings) {

    public Row {
        numbers = Map.copyOf(numbers);
        strings = Map.copyOf(strings);
    }

    public long number(String name) {
        return numbers.getOrDefault(name, 0L);
    }

    public String string(String name) {
        return strings.get(name);
    }
}
