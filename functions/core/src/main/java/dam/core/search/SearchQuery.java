package dam.core.search;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;
import dam.core.library.Visibility;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated search: keyword tokens (all must match), facet filters (values of one facet OR, facets AND), an
 * optional creation date range (inclusive, UTC days), order, page size, cursor and the facets to count. Built by
 * {@link #parse} from query-string parameters, which reports every problem at once as a 400 — long strings, unknown
 * parameters or facets, malformed dates — so nothing malformed reaches the index.
 */
public record SearchQuery(Set<String> words, Map<Facet, Set<String>> filters, LocalDate createdFrom,
                          LocalDate createdTo, Sort sort, int limit, String cursor, Set<Facet> counted) {

    public static final int MAX_TEXT = 500;
    public static final int MAX_WORDS = 12;
    public static final int MAX_VALUE = 200;
    public static final int MAX_VALUES = 25;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final Set<String> PARAMS = Set.of("q", "sort", "limit", "cursor", "facets", "createdFrom",
            "createdTo");

    public SearchQuery {
        words = Set.copyOf(words);
        Map<Facet, Set<String>> f = new EnumMap<>(Facet.class);
        filters.forEach((k, v) -> f.put(k, Set.copyOf(v)));
        filters = java.util.Collections.unmodifiableMap(f);
        counted = counted.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(counted));
    }

    /** Everything, newest first, default facets counted. */
    public static SearchQuery all() {
        return parse(Map.of());
    }

    public static SearchQuery parse(Map<String, List<String>> params) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> words = Set.of();
        Map<Facet, Set<String>> filters = new EnumMap<>(Facet.class);
        LocalDate from = null;
        LocalDate to = null;
        Sort sort = Sort.NEWEST;
        int limit = DEFAULT_LIMIT;
        String cursor = null;
        Set<Facet> counted = EnumSet.noneOf(Facet.class);
        Facet.public_().stream().filter(Facet::defaultCounted).forEach(counted::add);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            List<String> raw = e.getValue() == null ? List.of() : e.getValue();
            if (!PARAMS.contains(name) && Facet.parse(name).isEmpty()) {
                errors.add(new FieldError(safe(name), Codes.UNKNOWN_VALUE, "unknown parameter; use " + PARAMS
                        + " or a facet " + Facet.codes()));
                continue;
            }
            String single = raw.isEmpty() ? "" : raw.get(raw.size() - 1);
            switch (name) {
                case "q" -> {
                    String text = String.join(" ", raw);
                    if (text.length() > MAX_TEXT) {
                        errors.add(new FieldError("q", Codes.TOO_LONG, "a search text is at most " + MAX_TEXT
                                + " characters (got " + text.length() + ")"));
                    } else {
                        words = Tokens.of(text);
                        if (words.size() > MAX_WORDS) {
                            errors.add(new FieldError("q", Codes.TOO_MANY, "a search has at most " + MAX_WORDS
                                    + " words"));
                        }
                    }
                }
                case "sort" -> {
                    Sort s = Sort.parse(single).orElse(null);
                    if (s == null) {
                        errors.add(new FieldError("sort", Codes.UNKNOWN_VALUE, "sort is one of newest, oldest, "
                                + "title"));
                    } else {
                        sort = s;
                    }
                }
                case "limit" -> {
                    try {
                        limit = Integer.parseInt(single);
                    } catch (NumberFormatException ex) {
                        limit = -1;
                    }
                    if (limit < 1 || limit > MAX_LIMIT) {
                        errors.add(new FieldError("limit", Codes.INVALID, "limit is 1.." + MAX_LIMIT));
                    }
                }
                case "cursor" -> cursor = single.isEmpty() ? null : single;
                case "facets" -> {
                    counted.clear();
                    for (String code : split(raw)) {
                        Facet f = Facet.parse(code).orElse(null);
                        if (f == null) {
                            errors.add(new FieldError("facets", Codes.UNKNOWN_VALUE, "unknown facet '" + safe(code)
                                    + "'; facets are " + Facet.codes()));
                        } else {
                            counted.add(f);
                        }
                    }
                }
                case "createdFrom", "createdTo" -> {
                    LocalDate d = date(name, single, errors);
                    if (name.equals("createdFrom")) {
                        from = d;
                    } else {
                        to = d;
                    }
                }
                default -> filter(Facet.parse(name).orElseThrow(), raw, filters, errors);
            }
        }
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FieldError("createdFrom", Codes.INVALID, "createdFrom is after createdTo"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new SearchQuery(words, filters, from, to, sort, limit, cursor, counted);
    }

    private static void filter(Facet f, List<String> raw, Map<Facet, Set<String>> filters, List<FieldError> errors) {
        Set<String> values = new LinkedHashSet<>();
        for (String v : split(raw)) {
            if (v.length() > MAX_VALUE) {
                errors.add(new FieldError(f.code(), Codes.TOO_LONG, "a filter value is at most " + MAX_VALUE
                        + " characters"));
                return;
            }
            String folded = Tokens.value(v);
            if (f == Facet.STATUS && Visibility.parse(folded).isEmpty()) {
                errors.add(new FieldError(f.code(), Codes.UNKNOWN_VALUE, "status is one of "
                        + java.util.Arrays.stream(Visibility.values()).map(Visibility::code).toList()));
                return;
            }
            if (f == Facet.CREATED && !MONTH.matcher(folded).matches()) {
                errors.add(new FieldError(f.code(), Codes.INVALID, "created is a month like 2026-11"));
                return;
            }
            values.add(folded);
        }
        if (values.size() > MAX_VALUES) {
            errors.add(new FieldError(f.code(), Codes.TOO_MANY, "at most " + MAX_VALUES + " values per facet"));
        } else if (!values.isEmpty()) {
            filters.put(f, values);
        }
    }

    private static List<String> split(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            for (String part : r.split(",", -1)) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not yyyy-mm-dd", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, Codes.INVALID, field + " is a date like 2026-11-25"));
            return null;
        }
    }

    /** Echoing user input in an error: bounded and printable. */
    private static String safe(String s) {
        String t = s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    /**
     * What a cursor is bound to: everything that decides the result list (not the page size), so a cursor from
     * another search is refused instead of skipping or repeating results.
     */
    public String fingerprint(String scopeKey) {
        StringBuilder sb = new StringBuilder();
        sb.append(new TreeSet<>(words)).append('|').append(sort).append('|').append(createdFrom).append('|')
                .append(createdTo).append('|').append(scopeKey);
        filters.forEach((f, v) -> sb.append('|').append(f.code()).append('=').append(new TreeSet<>(v)));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
