package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10 (console foundation): the web console in Debian's headless Chromium, driven by playwright-core
 * ({@code console/test/run.mjs}) against the shared local cloud — sign-in, a brief created through a validation error,
 * disclaimers, milestones, budget, private and team comments seen by two people, my tasks, the list filter, submit,
 * and script-looking titles and comments rendered as text on every page. The node script prints one JSON line per
 * step; this class runs it and checks every step passed.
 */
@ExtendWith(CloudExtension.class)
class ConsoleE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BROWSER_RUN = Duration.ofMinutes(4);
    private static final List<String> STEPS = List.of(
            "sign-in page lists the demo users",
            "sign in as a creator",
            "create a brief: the API's field error is shown next to the field, then fixed",
            "detail shows the disclaimers with their rule ids",
            "add a milestone and a budget; the total and approval state are shown",
            "add a private and a team comment",
            "my tasks lists the milestone; ticking it done on the brief removes it",
            "briefs list filtered by status shows the brief as text",
            "edit page keeps the title as text",
            "the outbox link opens the local mail outbox",
            "another team member cannot see the private comment, sees the team one, replies by keyboard",
            "submit without approvers is refused with the reason; name one in the edit form, then submit");
    private static final List<String> PAGES = List.of("signin", "briefs", "brief-form", "brief-detail", "tasks");

    private static Path console() {
        Path console = TestCloud.repoRoot().resolve("console");
        assertThat(console.resolve("node_modules/playwright-core"))
                .as("playwright-core is installed by ./dam (npm ci in console/)").isDirectory();
        return console;
    }

    @Test
    void consoleFlowsInHeadlessChromium(TestCloud cloud) throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium is installed by ./dam (APT_PACKAGES)")
                .isRegularFile();
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        PAGES.forEach(p -> shots.resolve(p + ".png").toFile().delete());
        Result run = node(List.of("test/run.mjs"), Map.of(
                "API_URL", cloud.cloud().apiEndpoint().toString(),
                "EDGE_URL", cloud.endpoint().toString(),
                "SCREENSHOT_DIR", shots.toString()), "console-browser");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        List<String> failures = lines.stream().filter(l -> l.has("step") && !l.path("ok").asBoolean())
                .map(l -> l.path("step").asText() + ": " + l.path("error").asText()).toList();
        assertThat(failures).as("failed browser steps; stderr: %s", run.stderr()).isEmpty();
        assertThat(lines.stream().filter(l -> l.path("ok").asBoolean()).map(l -> l.path("step").asText()))
                .as("stdout: %s", run.stdout()).containsExactlyElementsOf(STEPS);
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("passed").asInt()).isEqualTo(STEPS.size());
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        lines.forEach(l -> System.out.println("[console] " + l));
        for (String page : PAGES) {
            assertThat(shots.resolve(page + ".png")).as("screenshot of " + page).isNotEmptyFile();
        }

        // What the browser created is really stored: the private comment the second user never saw, the team one and
        // their keyboard reply.
        BriefHttp http = new BriefHttp(cloud);
        String briefId = summary.path("briefId").asText();
        var items = http.items("BRIEF#" + briefId);
        assertThat(items).extracting(BriefHttp::sk).contains("META");
        assertThat(items).filteredOn(i -> BriefHttp.sk(i).startsWith("COMMENT#"))
                .extracting(i -> i.get("visibility").s()).containsExactlyInAnyOrder("private", "group", "group");
    }

    /** The console's pure helpers and the no-innerHTML rule, with node's own test runner. */
    @Test
    void consoleUnitTests() throws Exception {
        Result run = node(List.of("--test", "test/unit/"), Map.of(), "console-unit");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("(?m)^# pass [1-9]").contains("# fail 0");
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result node(List<String> args, Map<String, String> env, String name)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(args);
        Path out = Path.of("target", name + ".out").toAbsolutePath();
        Path err = Path.of("target", name + ".err").toAbsolutePath();
        Files.createDirectories(out.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(console().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(BROWSER_RUN.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("node " + args + " did not finish within " + BROWSER_RUN + "; output so far: "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
