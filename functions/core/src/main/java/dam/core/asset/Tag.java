package dam.core.asset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;

/**
 * A tag on a version: {@code kind} label/face/text/keyword/category, {@code value} (normalised, lower case except
 * detected text), where it came from and how sure the source was (0–100; 100 for people and rules).
 */
public record Tag(String kind, String value, Source source, double confidence) {

    public enum Source {
        AI, USER, RULE;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Source parse(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public Tag {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (confidence < 0 || confidence > 100) {
            throw new IllegalArgumentException("confidence must be 0..100, got " + confidence);
        }
    }

    public static Tag ai(String kind, String value, double confidence) {
        return new Tag(kind, value, Source.AI, confidence);
    }
}
