package dam.core.asset;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Controlled vocabulary as data: terms with a category and synonyms. User keywords must map to a term (unknown
 * terms are refused with the list of known ones); AI labels that map become {@code rule} keyword tags.
 */
public final class Vocabulary {

    /** A preferred term and its category. */
    public record Term(String term, String category) {
    }

    private final Map<String, Term> bySynonym;

    Vocabulary(Map<String, Term> bySynonym) {
        this.bySynonym = Map.copyOf(bySynonym);
    }

    static Vocabulary parse(JsonNode node) {
        Map<String, Term> map = new HashMap<>();
        node.path("terms").fields().forEachRemaining(e -> {
            Term term = new Term(e.getKey(), e.getValue().path("category").asText("general"));
            map.put(key(e.getKey()), term);
            e.getValue().path("synonyms").forEach(s -> {
                Term previous = map.put(key(s.asText()), term);
                if (previous != null && !previous.equals(term)) {
                    throw new IllegalArgumentException("synonym '" + s.asText() + "' maps to both '"
                            + previous.term() + "' and '" + term.term() + "'");
                }
            });
        });
        return new Vocabulary(map);
    }

    /** The preferred term for a word or synonym (case and spacing ignored). */
    public Optional<Term> lookup(String word) {
        return word == null ? Optional.empty() : Optional.ofNullable(bySynonym.get(key(word)));
    }

    public List<String> terms() {
        return bySynonym.values().stream().map(Term::term).distinct().sorted().toList();
    }

    private static String key(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
