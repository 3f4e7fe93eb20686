package dam.asl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dam.asl.Engine;
import dam.asl.ExecutionInfo;
import dam.asl.ExecutionStatus;
import dam.asl.FakeClock;
import dam.asl.FileExecutionStore;
import dam.asl.Json;
import dam.asl.ObjectStorePort;
import dam.asl.StartRequest;
import dam.asl.TaskHandler;
import dam.asl.TaskRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Prints engine figures: transitions/s on a 100k-transition Pass/Choice loop, heap held by 1,000 executions parked on
 * task tokens, and the time to resume them from the journal after a restart. Run with
 * {@code java -cp <test classpath> dam.asl.bench.AslBench}.
 */
public final class AslBench {
    private static final String ACCOUNT = "000000000000";

    private static final String LOOP = """
            {"StartAt":"Inc","States":{
              "Inc":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)","limit.$":"$.limit"},"Next":"More"},
              "More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThanPath":"$.limit","Next":"Inc"}],
                      "Default":"Done"},
              "Done":{"Type":"Succeed"}}}""";

    private static final String PARKED = """
            {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"approve","Payload":{"token.$":"$$.Task.Token","asset.$":"$.asset"}},
              "HeartbeatSeconds":86400,"TimeoutSeconds":604800,"End":true}}}""";

    /** Records tokens of callback tasks; every other task succeeds at once. */
    static final class Tokens implements TaskHandler {
        final List<String> tokens = new ArrayList<>();

        @Override
        public boolean supports(String resource) {
            return true;
        }

        @Override
        public synchronized CompletionStage<JsonNode> invoke(TaskRequest request) {
            if (request.taskToken() != null) {
                tokens.add(request.taskToken());
            }
            return CompletableFuture.completedFuture(Json.object());
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("asl-bench");
        java.util.List<String> figures = new java.util.ArrayList<>();
        try {
            loop(dir.resolve("loop"), figures);
            parked(dir.resolve("parked"), figures);
        } finally {
            delete(dir);
        }
        // ./dam bench collects these (name, ours, baseline, unit, baseline name) into bench/results/latest.md.
        String parts = System.getenv("DAM_BENCH_PARTS");
        if (parts != null && !parts.isBlank()) {
            Files.createDirectories(Path.of(parts));
            Files.write(Path.of(parts, "asl.tsv"), figures);
        }
    }

    private static String figure(String name, double ours, double baseline, String unit, String baselineName) {
        return String.join("\t", name, Double.toString(ours), Double.toString(baseline), unit, baselineName);
    }

    private static StartRequest request(String sm, String name, String def, JsonNode input) {
        String smArn = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:" + sm;
        return new StartRequest("arn:aws:states:us-east-1:" + ACCOUNT + ":execution:" + sm + ":" + name, smArn,
                "arn:aws:iam::" + ACCOUNT + ":role/bench", def, input);
    }

    private static void loop(Path dir, java.util.List<String> figures) {
        FakeClock clock = new FakeClock(Instant.now());
        // warm-up run so the JIT has compiled the interpreter
        Engine warm = new Engine(clock, new Tokens(), ObjectStorePort.NONE, new FileExecutionStore(dir.resolve("w")),
                Runnable::run, "us-east-1");
        warm.start(request("loop", "warm", LOOP, Json.parse("{\"n\":0,\"limit\":20000}")));
        Engine engine = new Engine(clock, new Tokens(), ObjectStorePort.NONE, new FileExecutionStore(dir),
                Runnable::run, "us-east-1");
        long t0 = System.nanoTime();
        ExecutionInfo info = engine.start(request("loop", "run", LOOP, Json.parse("{\"n\":0,\"limit\":50000}")));
        ExecutionInfo done = engine.describe(info.executionArn()).orElseThrow();
        double secs = (System.nanoTime() - t0) / 1e9;
        long transitions = engine.history(info.executionArn()).stream()
                .filter(e -> e.type().endsWith("StateEntered")).count();
        if (done.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("loop did not succeed: " + done);
        }
        System.out.printf("Pass/Choice loop: %,d transitions in %.2f s = %,.0f transitions/s (goal >= 20,000/s; "
                + "file journal on, %d history events)%n", transitions, secs, transitions / secs,
                engine.history(info.executionArn()).size());
        figures.add(figure("ASL engine: Pass/Choice transitions per second (file journal on)", transitions / secs,
                20_000, "/s", "goal (higher is better)"));
    }

    private static void parked(Path dir, java.util.List<String> figures) {
        int n = 1000;
        FakeClock clock = new FakeClock(Instant.now());
        long before = usedHeap();
        Tokens tasks = new Tokens();
        Engine engine = new Engine(clock, tasks, ObjectStorePort.NONE, new FileExecutionStore(dir), Runnable::run,
                "us-east-1");
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            engine.start(request("review", "r" + i, PARKED, Json.parse("{\"asset\":\"asset-" + i + "\"}")));
        }
        double startSecs = (System.nanoTime() - t0) / 1e9;
        long parkedHeap = usedHeap() - before;
        System.out.printf("%,d executions parked on task tokens: started in %.2f s, heap held %.1f MB (goal <= 512 MB)%n",
                tasks.tokens.size(), startSecs, parkedHeap / 1048576.0);
        engine.close();

        Tokens tasks2 = new Tokens();
        long t1 = System.nanoTime();
        Engine restarted = new Engine(clock, tasks2, ObjectStorePort.NONE, new FileExecutionStore(dir), Runnable::run,
                "us-east-1");
        int resumed = restarted.recover();
        double recoverSecs = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        for (String token : tasks.tokens) {
            restarted.sendTaskSuccess(token, Json.parse("{\"approved\":true}"));
        }
        double completeSecs = (System.nanoTime() - t2) / 1e9;
        long succeeded = restarted.list().stream().filter(e -> e.status() == ExecutionStatus.SUCCEEDED).count();
        System.out.printf("restart: %d executions reloaded from the journal in %.2f s; SendTaskSuccess to all %d in "
                + "%.2f s (%d succeeded)%n", resumed, recoverSecs, tasks.tokens.size(), completeSecs, succeeded);
        figures.add(figure("ASL engine: heap held by 1,000 executions parked on task tokens", parkedHeap / 1048576.0,
                512, "MB", "goal"));
        figures.add(figure("ASL engine: 1,000 parked executions reloaded after a restart", recoverSecs * 1000,
                Double.NaN, "ms", "—"));
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
