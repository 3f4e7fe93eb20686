package dam.local.lambda;

import dam.local.clock.LocalClock;
import dam.local.lambda.fixtures.EchoHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints the local Lambda's cold invoke (new worker JVM → response) against its warm invoke, and the ratio.
 * Usage: {@code LambdaBench [code handler [payload [KEY=VALUE...]]]} — by default the echo fixture; pass a function
 * jar, its handler, an event and environment variables to measure a real function. Reads figures, asserts nothing.
 */
public final class LambdaBench {

    private static final int COLD_ROUNDS = 5;
    private static final int WARM_ROUNDS = 200;
    private int functionErrors;

    private LambdaBench() {
    }

    public static void main(String[] args) throws Exception {
        new LambdaBench().run(args);
    }

    private void run(String[] args) throws Exception {
        Path code = args.length >= 2 ? Path.of(args[0]) : LambdaTestSupport.fixtureCode();
        String handler = args.length >= 2 ? args[1] : LambdaTestSupport.handler(EchoHandler.class);
        String payload = args.length >= 3 ? args[2] : "{\"bench\":true}";
        Map<String, String> environment = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            environment.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        Path state = Files.createTempDirectory("lambda-bench");
        List<Double> cold = new ArrayList<>();
        List<Double> init = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        try (LocalClock clock = LocalClock.system();
             LambdaProvider lambda = new LambdaProvider(clock, state, URI.create("http://127.0.0.1:4566"),
                     failure -> System.err.println("unexpected async failure " + failure.requestId()))) {
            byte[] event = payload.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < COLD_ROUNDS; i++) {
                String name = "bench-" + i;
                lambda.deploy(FunctionConfig.builder(name, code, handler).environment(environment).memoryMb(512)
                        .timeoutSeconds(30).build());
                long start = System.nanoTime();
                InvokeResult result = lambda.invoke(name, event);
                cold.add((System.nanoTime() - start) / 1e6);
                check(result);
                init.add(result.initDurationMs());
                if (i == 0) {
                    awaitArchive(lambda, name);
                }
                lambda.delete(name);
            }
            lambda.deploy(FunctionConfig.builder("bench-warm", code, handler).environment(environment)
                    .memoryMb(512).timeoutSeconds(30).build());
            check(lambda.invoke("bench-warm", event));
            for (int i = 0; i < WARM_ROUNDS; i++) {
                long start = System.nanoTime();
                check(lambda.invoke("bench-warm", event));
                warm.add((System.nanoTime() - start) / 1e6);
            }
        }
        double coldMedian = percentile(cold, 50);
        double warmMedian = percentile(warm, 50);
        System.out.printf(Locale.ROOT, "lambda handler: %s (%s)%n", handler, code);
        System.out.printf(Locale.ROOT, "lambda cold invoke (new worker JVM -> response): median %.1f ms, "
                + "min %.1f ms over %d (init median %.1f ms)%n", coldMedian, Collections.min(cold), COLD_ROUNDS,
                percentile(init, 50));
        System.out.printf(Locale.ROOT, "lambda cold init per round (ms): %s%n", init.stream()
                .map(ms -> String.format(Locale.ROOT, "%.0f", ms)).toList());
        System.out.printf(Locale.ROOT, "lambda warm invoke: median %.2f ms, p95 %.2f ms over %d%n", warmMedian,
                percentile(warm, 95), WARM_ROUNDS);
        System.out.printf(Locale.ROOT, "lambda cold/warm ratio: %.0fx (%d function errors)%n", coldMedian / warmMedian,
                functionErrors);
    }

    /** Later cold starts map the class data archive the first worker dumps (jar code only); give it time. */
    private static void awaitArchive(LambdaProvider lambda, String name) throws InterruptedException {
        Path archive = lambda.classDataArchive(name).orElse(null);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (archive != null && !Files.isRegularFile(archive) && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        System.out.println(archive == null ? "class data archive: not applicable (directory code)"
                : "class data archive: " + (Files.isRegularFile(archive) ? "written" : "not written") + " " + archive);
    }

    /** A real function given an event it rejects still measures start-up; such results are counted, not hidden. */
    private void check(InvokeResult result) {
        if (result.failed()) {
            functionErrors++;
            if (functionErrors == 1) {
                System.out.println("note: the function answered with an error: " + result.payloadText());
            }
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
