package dam.core.analytics;

import java.util.List;

/**
 * RFC 4180 CSV of a report. Cells that a spreadsheet would run as a formula (leading {@code = + - @}, tab or CR)
 * get a leading apostrophe — asset titles and user names are user input (CSV injection, OWASP).
 */
public final class Csv {

    private Csv() {
    }

    public static String of(Report report) {
        StringBuilder b = new StringBuilder();
        line(b, List.copyOf(report.columns()));
        for (List<Object> row : report.rows()) {
            line(b, row);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells.get(i)));
        }
        b.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
