package dam.core.brief;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An enum with a stable lowercase wire code ("in_production", "ooh"). */
public interface Coded {

    String code();

    static <E extends Enum<E> & Coded> Optional<E> parse(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(wanted)).findFirst();
    }

    /** For stored data and enum-typed JSON: unknown codes are a programming/data error, not user input. */
    static <E extends Enum<E> & Coded> E require(Class<E> type, String code) {
        return parse(type, code).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + type.getSimpleName() + " '" + code + "'; known: " + codes(type)));
    }

    static <E extends Enum<E> & Coded> List<String> codes(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
    }
}
