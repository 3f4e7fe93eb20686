package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.RemovalPolicy;

/** The plain-Java parts: no synth. */
class UnitTest {

    @TempDir
    Path dir;

    @Test
    void stageDefaultsToDevAndOnlyProdIsProtected() {
        assertEquals("dev", Stage.fromContext(null).name());
        assertFalse(Stage.fromContext("dev").isProduction());
        assertEquals(RemovalPolicy.DESTROY, Stage.fromContext("dev").removalPolicy());
        assertTrue(Stage.fromContext("prod").isProduction());
        assertEquals(RemovalPolicy.RETAIN, Stage.fromContext("prod").removalPolicy());
    }

    @Test
    void badStageNameIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stage.fromContext("Prod!"));
        assertTrue(e.getMessage().contains("Prod!"), e.getMessage());
    }

    @Test
    void missingLambdaJarSaysRunMvnPackageFirst() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> artifacts.jar("brief-intake"));
        assertTrue(e.getMessage().contains("run mvn package first"), e.getMessage());
        assertTrue(e.getMessage().contains("dam-brief-intake-" + TestRepo.VERSION + "-lambda.jar"), e.getMessage());
    }

    @Test
    void lambdaJarPathFollowsTheShadeClassifier() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(dir, "brief-intake");
        Path jar = artifacts.jar("brief-intake");
        assertEquals(dir.toAbsolutePath().normalize()
                .resolve("functions/brief-intake/target/dam-brief-intake-9.9.9-TEST-lambda.jar"), jar);
    }

    @Test
    void projectVersionIsFilteredIntoTheClasspath() {
        String version = LambdaArtifacts.projectVersion();
        assertFalse(version.isBlank());
        assertFalse(version.contains("$"), version);
    }

    @Test
    void repoRootIsFoundFromASubfolderAndNotFromOutside() throws IOException {
        Path root = dir.resolve("repo");
        Files.createDirectories(root);
        TestRepo.create(root);
        Path deep = Files.createDirectories(root.resolve("infrastructure/src/main"));
        assertEquals(root.toAbsolutePath().normalize(), RepoRoot.findFrom(deep));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoRoot.findFrom(outside));
        assertTrue(e.getMessage().contains("dam.repoRoot"), e.getMessage());
    }

    @Test
    void aRuleWithoutDetailTypesIsRefused() {
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(new software.amazon.awscdk.App(), "S");
        Events events = new Events(stack, "Events");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> events.route(stack, "Empty", java.util.List.of(), null));
        assertTrue(e.getMessage().contains("Empty"), e.getMessage());
    }

    @Test
    void routePathsBecomeCloudFrontPathPatterns() {
        assertEquals("/briefs/*", Api.pathPattern("/briefs/{proxy+}"));
        assertEquals("/review/*", Api.pathPattern("/review/{nonce}"));
        assertEquals("/me", Api.pathPattern("/me"));
    }

    @Test
    void eventArchiveKeepsAYearInProdOnly() {
        assertEquals(7, Stage.fromContext("dev").eventArchiveRetention().toDays().intValue());
        assertEquals(365, Stage.fromContext("prod").eventArchiveRetention().toDays().intValue());
    }

    @Test
    void functionSpecValidatesAndCopiesOnWrite() {
        FunctionSpec base = FunctionSpec.of("a.B::handle", Path.of("x.jar"));
        FunctionSpec withEnv = base.env("K", "V").memoryMb(2048);
        assertEquals(Map.of(), base.environment());
        assertEquals(1024, base.memoryMb());
        assertEquals(Map.of("K", "V"), withEnv.environment());
        assertEquals(2048, withEnv.memoryMb());
        assertThrows(IllegalArgumentException.class, () -> base.memoryMb(64));
        assertThrows(IllegalArgumentException.class, () -> FunctionSpec.of("not a handler", Path.of("x.jar")));
    }
}
