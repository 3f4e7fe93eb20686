package dam.core.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A report as a table: {@code columns} and {@code rows} (what the CSV export writes), plus how to draw it
 * ({@link Chart}) and a few headline figures ({@code summary}). {@code brands} is the scope it covers.
 */
public record Report(String name, String title, List<String> brands, LocalDate from, LocalDate to,
                     Instant generatedAt, List<String> columns, List<List<Object>> rows, Chart chart,
                     Map<String, Object> summary) {

    public Report {
        brands = List.copyOf(brands);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        summary = Map.copyOf(summary);
    }

    /**
     * {@code type} bar or line; {@code x} the column along the x axis; {@code y} the value columns (one series each);
     * {@code group}, when set, the column whose values become one line each (rows in long form: day, key, value).
     */
    public record Chart(String type, String x, List<String> y, String group) {
    }
}
