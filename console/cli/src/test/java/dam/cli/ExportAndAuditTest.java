package dam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportAndAuditTest {

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        env = Map.of("DAM_API_URL", api.base().toString(), "DAM_TOKEN", FakeApi.TOKEN);
        for (int i = 0; i < 5; i++) {
            String id = "0000000" + i + "-aaaa";
            api.library.put(id, "Hero shot " + i + ".jpg");
            api.downloads.put(id, ("png bytes of " + i).getBytes());
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private CliRun export(String query) {
        return CliRun.of(env, "export", query, dir.toString(), "--preset", "instagram-square", "--format", "png",
                "--progress", "lines");
    }

    @Test
    void everyPageIsExportedAndARerunFetchesOnlyWhatChanged() throws Exception {
        CliRun first = export("hero shot");

        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(ExitCodes.OK);
        assertThat(api.searchQueries).hasSize(3).allMatch(q -> q.startsWith("q=hero%20shot&limit=100"));
        Path saved = dir.resolve("Hero-shot-3_00000003-instagram-square.png");
        assertThat(saved).hasContent("png bytes of 3");
        assertThat(api.count("GET /s3get")).isEqualTo(5);
        assertThat(first.out()).contains("5 saved, 0 unchanged, 0 failed");

        Files.writeString(saved, "truncated");
        api.downloadVersions.put("00000001-aaaa", 2);
        api.downloads.put("00000001-aaaa", "version two".getBytes());
        CliRun again = export("hero shot");

        assertThat(again.code()).isEqualTo(ExitCodes.OK);
        assertThat(api.count("GET /s3get") - 5).as("the edited file and the new version only").isEqualTo(2);
        assertThat(saved).hasContent("png bytes of 3");
        assertThat(dir.resolve("Hero-shot-1_00000001-instagram-square.png")).hasContent("version two");
        assertThat(again.out()).contains("2 saved, 3 unchanged");
    }

    @Test
    void searchParametersArePassedThroughAndAForbiddenDownloadFailsTheRun() throws Exception {
        api.downloads.remove("00000002-aaaa");

        CliRun run = export("brief=b 1&type=image");

        assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(api.searchQueries.get(0)).startsWith("brief=b%201&type=image&limit=100");
        assertThat(run.out()).contains("failed   00000002-aaaa: the API answered 403: usage rights expired on "
                + "2020-12-31").contains("4 saved");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png"))).hasSize(4);
        }
    }

    @Test
    void fileNamesAreSafe() {
        assertThat(ExportCommand.fileName("../../etc/passwd", "abc-def-123456", null, "png"))
                .isEqualTo("etc-passwd_abcdef12.png");
        assertThat(ExportCommand.fileName("Été été.jpeg", "x", "story", "jpg")).isEqualTo("t-t_x-story.jpg");
        assertThat(ExportCommand.extension("downloads/a/1/story-1080x1920-auto.png")).isEqualTo("png");
    }

    @Test
    void auditVerifyPrintsOkOrTheFirstBrokenEntry() throws Exception {
        ObjectMapper json = new ObjectMapper();
        api.verifyAnswer = json.readTree("{\"ok\":true,\"entries\":7,\"firstBroken\":null,\"chains\":["
                + "{\"chain\":\"asset\",\"entries\":5},{\"chain\":\"review\",\"entries\":2}]}");
        CliRun ok = CliRun.of(env, "audit", "verify", "a1");
        assertThat(ok.code()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("OK a1: 7 audit entries intact (asset 5, review 2)");

        api.verifyAnswer = json.readTree("{\"ok\":false,\"entries\":7,\"firstBroken\":{\"chain\":\"review\","
                + "\"seq\":4,\"reason\":\"hash does not match the entry\"},\"chains\":[]}");
        CliRun broken = CliRun.of(env, "audit", "verify", "a1");
        assertThat(broken.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(broken.out()).contains("BROKEN a1: first broken entry: chain review, seq 4: hash does not match");

        api.verifyAnswer = null;
        CliRun missing = CliRun.of(env, "audit", "verify", "a1");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("asset a1 not found");
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun help = CliRun.of(env, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("import").contains("export").contains("audit").contains("Exit codes");
    }
}
