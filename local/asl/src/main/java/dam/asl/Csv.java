package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** CSV manifests for Distributed Map ItemReader: each row becomes an object keyed by the header. */
final class Csv {
    private Csv() {
    }

    static ArrayNode read(String text, JsonNode config) {
        List<List<String>> rows = parse(text);
        List<String> headers;
        if ("GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"))) {
            headers = new ArrayList<>();
            config.path("CSVHeaders").forEach(h -> headers.add(h.asText()));
        } else {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("the CSV file has no header row");
            }
            headers = rows.remove(0);
        }
        ArrayNode out = Json.array();
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("a CSV row has " + row.size() + " fields but the header has "
                        + headers.size());
            }
            ObjectNode item = out.addObject();
            for (int i = 0; i < headers.size(); i++) {
                item.put(headers.get(i), row.get(i));
            }
        }
        return out;
    }

    /** RFC 4180: quoted fields may contain commas, doubled quotes and line breaks. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted CSV field");
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
