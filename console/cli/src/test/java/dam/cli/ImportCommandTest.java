package dam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dam import} against {@link FakeApi}: uploads, outcomes, resume after a crash, multipart, bad input. */
class ImportCommandTest {

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        env = Map.of("DAM_API_URL", api.base().toString(), "DAM_TOKEN", FakeApi.TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void file(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(name.hashCode()).nextBytes(b);
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }

    private CliRun importDir(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("import", dir.toString(), "--brief", FakeApi.BRIEF,
                "--progress", "lines"));
        args.addAll(List.of(extra));
        return CliRun.of(env, args.toArray(String[]::new));
    }

    @Test
    void everyFileIsUploadedOnceAndWaitedForAndARejectionFailsTheRun() throws Exception {
        file("a.jpg", 100);
        file("sub/b.jpg", 200);
        file("bad.jpg", 50);
        file(".hidden.jpg", 10);

        CliRun run = importDir("--parallel", "2");

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(api.assets).hasSize(3);
        assertThat(api.assets.values()).extracting(a -> a.fileName).containsExactlyInAnyOrder("a.jpg", "b.jpg",
                "bad.jpg");
        assertThat(api.count("PUT /s3")).isEqualTo(3);
        assertThat(run.out()).contains("3/3").contains("2 ready, 1 rejected")
                .contains("rejected bad.jpg").contains("declared image/jpeg but the bytes are a ZIP")
                .contains("uploaded sub/b.jpg");
        for (FakeApi.Asset a : api.assets.values()) {
            assertThat(a.content).hasSize((int) a.size);
        }
    }

    @Test
    void aSecondRunUploadsNothingAndReportsTheRecordedOutcomes() throws Exception {
        file("a.jpg", 100);
        file("b.jpg", 120);
        assertThat(importDir().code()).isEqualTo(ExitCodes.OK);
        int posts = api.count("POST /assets");

        CliRun again = importDir();

        assertThat(again.code()).isEqualTo(ExitCodes.OK);
        assertThat(api.count("POST /assets")).isEqualTo(posts);
        assertThat(api.count("PUT /s3")).isEqualTo(2);
        assertThat(again.out()).contains("0 uploaded by this run, 2 from earlier runs").contains("ready (earlier run)");
    }

    @Test
    void afterACrashOnlyTheMissingFilesAreSentAndNoAssetIsDuplicated() throws Exception {
        for (int i = 0; i < 4; i++) {
            file("f" + i + ".jpg", 100 + i);
        }
        assertThat(importDir().code()).isEqualTo(ExitCodes.OK);
        // What a kill -9 leaves: f1 and f2 journalled as requested only (f2's bytes had arrived, f1's had not),
        // f3 unknown to the journal — its asset was even created just before the kill — and a torn last line.
        Path journal = dir.resolve(ImportJournal.FILE_NAME);
        List<String> lines = Files.readAllLines(journal);
        String f0 = lines.stream().filter(l -> l.contains("\"f0.jpg\"")).reduce("", (x, y) -> x + y + "\n");
        String f1 = lines.stream().filter(l -> l.contains("\"f1.jpg\"") && l.contains("\"requested\"")).findFirst()
                .orElseThrow();
        String f2 = lines.stream().filter(l -> l.contains("\"f2.jpg\"") && l.contains("\"requested\"")).findFirst()
                .orElseThrow();
        Files.writeString(journal, f0 + f1 + "\n" + f2 + "\n{\"stage\":\"upl");
        FakeApi.Asset a1 = api.assets.values().stream().filter(a -> a.fileName.equals("f1.jpg")).findFirst()
                .orElseThrow();
        a1.state = "uploading";
        a1.reads = 0;
        int puts = api.count("PUT /s3");

        CliRun resumed = importDir();

        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.OK);
        assertThat(api.assets).as("the same Idempotency-Keys: no second asset").hasSize(4);
        assertThat(api.count("PUT /s3") - puts).as("only f1's bytes were missing").isEqualTo(1);
        assertThat(resumed.out()).contains("uploaded f1.jpg").doesNotContain("uploaded f2.jpg")
                .doesNotContain("uploaded f3.jpg").contains("4 ready");
        assertThat(Files.readString(journal)).doesNotContain("{\"stage\":\"upl\n");
    }

    @Test
    void aChangedFileIsANewUpload() throws Exception {
        file("a.jpg", 100);
        assertThat(importDir().code()).isEqualTo(ExitCodes.OK);
        Files.write(dir.resolve("a.jpg"), new byte[] {1, 2, 3});

        assertThat(importDir().code()).isEqualTo(ExitCodes.OK);
        assertThat(api.assets).hasSize(2);
        assertThat(api.count("PUT /s3")).isEqualTo(2);
    }

    @Test
    void aBigFileGoesInPartsCompletedInOrder() throws Exception {
        file("big.jpg", 1_000);

        CliRun run = importDir();

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        FakeApi.Asset a = api.assets.values().iterator().next();
        assertThat(a.parts).hasSize(3);
        assertThat(a.content).isEqualTo(Files.readAllBytes(dir.resolve("big.jpg")));
        assertThat(api.completeBodies).hasSize(1);
        assertThat(api.completeBodies.get(0)).isEqualTo("{\"parts\":[{\"number\":1,\"etag\":\"\\\"etag-1\\\"\"},"
                + "{\"number\":2,\"etag\":\"\\\"etag-2\\\"\"},{\"number\":3,\"etag\":\"\\\"etag-3\\\"\"}]}");
    }

    @Test
    void aFileTheApiRefusesIsReportedWithTheReasonAndNothingElseStops() throws Exception {
        file("notes.xyz", 10);
        file("a.jpg", 10);

        CliRun run = importDir();

        assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
        assertThat(run.out()).contains("refused  notes.xyz: validation failed; contentType: "
                + "application/octet-stream is not an accepted type").contains("1 ready");
        assertThat(api.assets).hasSize(1);
    }

    @Test
    void badInputGetsAClearMessageAndItsExitCode() throws Exception {
        CliRun missing = CliRun.of(env, "import", dir.resolve("nope").toString(), "--brief", FakeApi.BRIEF);
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no such folder");

        CliRun unknownBrief = CliRun.of(env, "import", dir.toString(), "--brief", "brief-404");
        assertThat(unknownBrief.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknownBrief.err()).contains("brief brief-404 not found");

        CliRun noToken = CliRun.of(Map.of("DAM_API_URL", api.base().toString()), "import", dir.toString(),
                "--brief", FakeApi.BRIEF);
        assertThat(noToken.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(noToken.err()).contains("not signed in");

        CliRun badToken = CliRun.of(Map.of("DAM_API_URL", api.base().toString(), "DAM_TOKEN", "stale"), "import",
                dir.toString(), "--brief", FakeApi.BRIEF);
        assertThat(badToken.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(badToken.err()).contains("refused the token (401)");

        CliRun noBrief = CliRun.of(env, "import", dir.toString());
        assertThat(noBrief.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noBrief.err()).contains("--brief");

        CliRun unreachable = CliRun.of(Map.of("DAM_API_URL", "http://127.0.0.1:1", "DAM_TOKEN", "t"), "import",
                dir.toString(), "--brief", FakeApi.BRIEF);
        assertThat(unreachable.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(unreachable.err()).contains("cannot reach the API");
        assertThat(api.count("POST /assets")).isZero();
    }

    @Test
    void aLocalUserGetsATokenFromTheLocalSignIn() throws Exception {
        file("a.jpg", 10);
        Map<String, String> noToken = Map.of("DAM_API_URL", api.base().toString());

        CliRun run = CliRun.of(noToken, "import", dir.toString(), "--brief", FakeApi.BRIEF, "--user",
                "cara@acme.example", "--role", "creator", "--brand", "Acme", "--progress", "lines");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(api.count("POST /_local/token")).isEqualTo(1);

        CliRun badUser = CliRun.of(noToken, "import", dir.toString(), "--brief", FakeApi.BRIEF, "--user", "cara");
        assertThat(badUser.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(badUser.err()).contains("local sign-in refused: user must be an email address");
    }
}
