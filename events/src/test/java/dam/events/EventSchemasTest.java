package dam.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSchemasTest {

    private static final EventSchemas SCHEMAS = EventSchemas.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> validSamples() throws IOException {
        return files(Path.of("samples"));
    }

    static Stream<Path> invalidSamples() throws IOException {
        return files(Path.of("samples", "invalid"));
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void everySampleMatchesItsSchema(Path sample) throws IOException {
        JsonNode event = JSON.readTree(sample.toFile());
        String type = event.path("detail-type").asText();
        assertEquals(EventSchemas.fileName(type) + ".json", sample.getFileName().toString(),
                "sample files are named after their detail-type");
        assertEquals(List.of(), SCHEMAS.validate(type, event.path("detail").toString()));
    }

    @ParameterizedTest
    @MethodSource("invalidSamples")
    void everyBadSampleFails(Path sample) throws IOException {
        JsonNode event = JSON.readTree(sample.toFile());
        List<EventSchemas.Violation> violations = SCHEMAS.validate(event.path("detail-type").asText(),
                event.path("detail").toString());
        assertFalse(violations.isEmpty(), sample + " should be rejected");
    }

    @Test
    void everyDetailTypeHasASampleAndBadSamplesExist() throws IOException {
        for (String type : EventSchemas.DETAIL_TYPES) {
            assertTrue(EventSchemas.sample(type).isPresent(), "sample for " + type);
        }
        assertTrue(invalidSamples().count() >= 5);
    }

    @Test
    void violationsSayWhereAndWhy() {
        List<EventSchemas.Violation> v = SCHEMAS.validate("Command Create Brief", """
                {"version":1,"requestedBy":"a","brief":{"title":42,"channels":["web","tiktok"],"colour":"red"}}""");
        assertEquals(3, v.size(), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.field().equals("brief.title") && x.keyword().equals("type")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.field().equals("brief.channels[1]") && x.keyword().equals("enum")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.field().equals("brief.colour")
                && x.keyword().equals("additionalProperties")), v.toString());
        List<EventSchemas.Violation> missing = SCHEMAS.validate("Command Update Brief", "{\"version\":1}");
        assertEquals(List.of("briefId", "changes", "expectedVersion", "requestedBy"),
                missing.stream().map(EventSchemas.Violation::field).sorted().toList());
    }

    @Test
    void malformedJsonIsAViolationNotACrash() {
        List<EventSchemas.Violation> v = SCHEMAS.validate("Command Create Brief", "{\"version\":1,");
        assertEquals(1, v.size());
        assertEquals("json", v.get(0).keyword());
    }

    @Test
    void unknownDetailTypeIsRefused() {
        assertFalse(SCHEMAS.knows("Command Launch Rocket"));
        assertThrows(IllegalArgumentException.class, () -> SCHEMAS.validate("Command Launch Rocket", "{}"));
    }

    private static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
