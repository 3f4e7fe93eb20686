package dam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void recordsSurviveReopening() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = Journal.open(file, json)) {
            j.append(json.createObjectNode().put("n", 1));
            j.append(json.createObjectNode().put("n", 2));
        }
        try (Journal j = Journal.open(file, json)) {
            assertThat(j.records()).extracting(r -> r.get("n").asInt()).containsExactly(1, 2);
        }
    }

    @Test
    void aRecordTornByAKillIsDroppedAndTheNextOneStartsOnACleanLine() throws Exception {
        Path file = dir.resolve("j.jsonl");
        Files.writeString(file, "{\"n\":1}\n{\"n\":2,\"fi", StandardCharsets.UTF_8);
        try (Journal j = Journal.open(file, json)) {
            assertThat(j.records()).hasSize(1);
            j.append(json.createObjectNode().put("n", 3));
        }
        assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n{\"n\":3}\n");
        try (Journal j = Journal.open(file, json)) {
            assertThat(j.records()).extracting(r -> r.get("n").asInt()).containsExactly(1, 3);
        }
    }

    @Test
    void aMangledLineInTheMiddleIsSkippedNotFatal() throws Exception {
        Path file = dir.resolve("j.jsonl");
        Files.writeString(file, "{\"n\":1}\nnot json\n\n[1,2]\n{\"n\":2}\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE);
        try (Journal j = Journal.open(file, json)) {
            assertThat(j.records()).extracting(r -> r.get("n").asInt()).containsExactly(1, 2);
        }
    }
}
