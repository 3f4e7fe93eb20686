package dam.local.lambda;

import static dam.local.lambda.LambdaTestSupport.bytes;
import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static dam.local.lambda.LambdaTestSupport.parse;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.local.clock.LocalClock;
import dam.local.lambda.fixtures.EchoHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    @TempDir
    Path temp;

    @Test
    void aJarFunctionGetsAClassDataArchiveThatLaterWorkersMap() throws Exception {
        Path jar = fixtureJar(temp.resolve("fixtures.jar"));
        try (LocalClock clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
             LambdaProvider lambda = new LambdaProvider(clock, temp.resolve("state"),
                     URI.create("http://127.0.0.1:4566"), f -> { })) {
            lambda.deploy(FunctionConfig.builder("jarred", jar, handler(EchoHandler.class)).build());
            Path archive = lambda.classDataArchive("jarred").orElseThrow();
            assertFalse(Files.exists(archive));

            InvokeResult recording = lambda.invoke("jarred", bytes("{\"n\":1}"));
            assertFalse(recording.failed(), recording.payloadText());
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.isRegularFile(archive));

            // A changed configuration starts a new worker, which maps the archive.
            lambda.deploy(FunctionConfig.builder("jarred", jar, handler(EchoHandler.class)).memoryMb(256).build());
            InvokeResult mapped = lambda.invoke("jarred", bytes("{\"n\":2}"));
            assertFalse(mapped.failed(), mapped.payloadText());
            assertTrue(mapped.cold());
            assertEquals(2, parse(mapped.payload()).at("/input/n").asInt());
            String maps = Files.readString(Path.of("/proc", Long.toString(mapped.workerPid()), "maps"));
            assertTrue(maps.contains(archive.toString()), "the new worker maps " + archive);
        }
        // Directories cannot be archived: no archive is offered for them.
        try (LocalClock clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
             LambdaProvider lambda = new LambdaProvider(clock, temp.resolve("state2"),
                     URI.create("http://127.0.0.1:4566"), f -> { })) {
            lambda.deploy(FunctionConfig.builder("dir", fixtureCode(), handler(EchoHandler.class)).build());
            assertTrue(lambda.classDataArchive("dir").isEmpty());
        }
    }

    /** The fixture handlers packaged as a plain function jar. */
    private static Path fixtureJar(Path jar) throws IOException {
        Path root = fixtureCode();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(root.resolve("dam/local/lambda/fixtures"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
