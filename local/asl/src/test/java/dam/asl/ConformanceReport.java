package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Prints every failing conformance case with its difference (a developer tool; the JUnit test is the gate). */
public final class ConformanceReport {
    public static void main(String[] args) throws Exception {
        int pass = 0;
        int total = 0;
        for (String line : Files.readAllLines(ConformanceTest.corpusFile(), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = Json.parse(line);
            if (args.length > 0 && !c.get("id").asText().contains(args[0])) {
                continue;
            }
            total++;
            String problem = ConformanceTest.check(c);
            if (problem == null) {
                pass++;
            } else {
                System.out.println("FAIL " + c.get("id").asText() + "\n     " + problem);
            }
        }
        System.out.printf("%d/%d passed%n", pass, total);
    }
}
