package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every case of shared/conformance/asl/cases.jsonl (AWS-recorded executions) under a frozen clock. Cases listed
 * in conformance-known-failures.txt must fail (so the list only shrinks); every other case must pass.
 */
class ConformanceTest {

    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("dam")) || Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    static Path corpusFile() {
        return repoRoot().resolve("../shared/conformance/asl/cases.jsonl").normalize();
    }

    static Map<String, String> knownFailures() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance-known-failures.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                out.put(tab < 0 ? line.trim() : line.substring(0, tab).trim(), tab < 0 ? "" : line.substring(tab + 1));
            }
        }
        return out;
    }

    /** Runs one case; returns null when it matches AWS's recorded result, else a description of the difference. */
    static String check(JsonNode c) {
        Harness h = new Harness(Harness.NO_TASKS);
        JsonNode expected = c.get("expected");
        ExecutionInfo info;
        try {
            info = h.run(Json.write(c.get("definition")), c.get("input"));
        } catch (RuntimeException e) {
            return "engine threw " + e;
        }
        String status = info.status().name();
        String actual = status + " output=" + (info.output() == null ? null : Json.write(info.output()))
                + " error=" + info.error() + " cause=" + info.cause();
        if (!status.equals(expected.get("status").asText())) {
            return "expected " + Json.write(expected) + " but got " + actual;
        }
        Matcher m = new Matcher();
        boolean ok;
        if (status.equals("SUCCEEDED")) {
            ok = m.matches(expected.get("output"), info.output());
        } else {
            ok = m.matches(expected.get("error"), info.error() == null ? null : Json.NODES.textNode(info.error()))
                    && m.matches(expected.get("cause"), info.cause() == null ? null
                    : Json.NODES.textNode(info.cause()));
        }
        return ok ? null : "expected " + Json.write(expected) + " but got " + actual;
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        Path file = corpusFile();
        assertTrue(Files.exists(file), "conformance corpus not found at " + file);
        Map<String, String> known = knownFailures();
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cases.add(Json.parse(line));
            }
        }
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        return cases.stream().map(c -> {
            String id = c.get("id").asText();
            return DynamicTest.dynamicTest(id, () -> {
                String problem = check(c);
                if (problem == null) {
                    passed.incrementAndGet();
                }
                if (done.incrementAndGet() == cases.size()) {
                    System.out.printf("ASL conformance: %d/%d passed (%.2f%%)%n", passed.get(), cases.size(),
                            100.0 * passed.get() / cases.size());
                }
                if (known.containsKey(id)) {
                    assertFalse(problem == null, "listed as a known failure but passes now: remove it from "
                            + "conformance-known-failures.txt: " + id);
                } else if (problem != null) {
                    fail(problem);
                }
            });
        });
    }
}
