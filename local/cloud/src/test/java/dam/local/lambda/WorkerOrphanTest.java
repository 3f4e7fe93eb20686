package dam.local.lambda;

import static dam.local.lambda.LambdaTestSupport.alive;
import static dam.local.lambda.LambdaTestSupport.bytes;
import static dam.local.lambda.LambdaTestSupport.fixtureCode;
import static dam.local.lambda.LambdaTestSupport.handler;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dam.local.clock.LocalClock;
import dam.local.lambda.fixtures.SleepyHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker JVM never outlives the local cloud that started it, also when that one is killed with kill -9. */
class WorkerOrphanTest {

    @TempDir
    Path state;

    @Test
    void aKillNineOfTheLocalCloudTakesItsWorkersWithIt() throws Exception {
        Path output = state.resolve("child.log");
        Process cloud = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OneWorker.class.getName(), state.resolve("cloud")
                .toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long worker = -1;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !cloud.isAlive() || workerPid(output) > 0);
            worker = workerPid(output);
            assertTrue(worker > 0 && alive(worker), "the child cloud reported a live worker: "
                    + Files.readString(output));

            cloud.destroyForcibly(); // SIGKILL: no shutdown hook, no close(); only the kernel closes its pipes
            long pid = worker;
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(pid));
        } finally {
            cloud.descendants().forEach(ProcessHandle::destroyForcibly);
            cloud.destroyForcibly();
            ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly); // only if this test failed
        }
    }

    private static long workerPid(Path output) throws IOException {
        return Files.readAllLines(output).stream().filter(l -> l.startsWith("worker pid "))
                .mapToLong(l -> Long.parseLong(l.substring("worker pid ".length()).trim())).findFirst().orElse(-1);
    }

    /** The child: a Lambda provider with one worker busy in a long handler; prints its pid and waits to be killed. */
    public static final class OneWorker {
        public static void main(String[] args) throws Exception {
            LocalClock clock = LocalClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
            LambdaProvider lambda = new LambdaProvider(clock, Path.of(args[0]), URI.create("http://127.0.0.1:4566"),
                    failure -> { });
            lambda.deploy(FunctionConfig.builder("sleepy-orphan", fixtureCode(), handler(SleepyHandler.class))
                    .timeoutSeconds(30).build());
            InvokeResult r = lambda.invoke("sleepy-orphan", bytes("{\"sleepMs\":0}"));
            // Busy, as the orphan the load run left was: an idle worker's runtime client exits by itself when the
            // runtime API goes, a worker inside a long handler would not notice until the handler returned.
            Thread busy = new Thread(() -> lambda.invoke("sleepy-orphan", bytes("{\"sleepMs\":300000}")));
            busy.setDaemon(true);
            busy.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(lambda.logFile("sleepy-orphan")).contains("sleeping 300000 ms"));
            System.out.println("worker pid " + r.workerPid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
