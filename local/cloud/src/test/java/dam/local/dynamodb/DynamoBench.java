package dam.local.dynamodb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import dam.local.clock.LocalClock;
import dam.local.edge.AwsResponse;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GetItem latency through the provider vs dynalite directly, printed as p50/p95/mean and ratios.
 * <ol>
 *   <li>raw: the provider's {@code handle()} in-process vs the same HTTP POST straight to dynalite</li>
 *   <li>SDK: DynamoDbClient → a minimal HTTP wrapper → provider → dynalite vs DynamoDbClient → dynalite</li>
 * </ol>
 * Run: {@code java -cp <test classpath> dam.local.dynamodb.DynamoBench [calls]} (default 2000 after 500 warm-up).
 */
public final class DynamoBench {

    private DynamoBench() {
    }

    public static void main(String[] args) throws Exception {
        // Request-level DEBUG logging (logback without a config logs DEBUG) would dominate the timings.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmup = 500;
        Path dir = Files.createTempDirectory("dynamo-bench");
        try (LocalClock clock = LocalClock.system()) {
            long t0 = System.nanoTime();
            DynamoDbProvider provider = new DynamoDbProvider(clock, dir, DynamoTestSupport.nodeModules());
            System.out.printf("provider start (dynalite child + health check): %.0f ms%n",
                    (System.nanoTime() - t0) / 1e6);
            try (provider; TinyEdge edge = new TinyEdge(provider)) {
                DynamoTestSupport.createTable(provider);
                DynamoTestSupport.ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":{\"PK\":{\"S\":\"ASSET#1\"},"
                        + "\"SK\":{\"S\":\"META\"},\"title\":{\"S\":\"benchmark\"},\"n\":{\"N\":\"42\"}}}");
                String get = "{\"TableName\":\"dam\",\"Key\":" + DynamoTestSupport.key("ASSET#1", "META") + "}";
                byte[] getBytes = get.getBytes(StandardCharsets.UTF_8);

                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI dynalite = provider.dynaliteEndpoint();
                HttpRequest direct = HttpRequest.newBuilder(dynalite)
                        .header("Content-Type", AwsResponse.AMZ_JSON_1_0)
                        .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                        .header("X-Amz-Date", "20250101T000000Z")
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=a/20250101/us-east-1/dynamodb/"
                                + "aws4_request, SignedHeaders=host, Signature=0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(getBytes)).build();

                double[][] raw = measureAlternating(warmup, calls, () -> {
                    try {
                        HttpResponse<byte[]> r = http.send(direct, HttpResponse.BodyHandlers.ofByteArray());
                        check(r.statusCode() == 200, "direct GetItem failed");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> {
                    AwsResponse r = provider.handle(DynamoTestSupport.request("GetItem", get));
                    check(r.status() == 200, "provider GetItem failed");
                });
                double[] rawDirect = raw[0];
                double[] rawProvider = raw[1];
                report("raw HTTP  : dynalite direct", rawDirect, "provider.handle()", rawProvider);

                // A 3-action transaction (journal fsync, before-images, rollback-ready) vs the same 3 plain writes.
                String update = "{\"TableName\":\"dam\",\"Key\":" + DynamoTestSupport.key("ASSET#1", "META")
                        + ",\"UpdateExpression\":\"ADD n :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}";
                String audit = "{\"TableName\":\"dam\",\"Item\":" + DynamoTestSupport.key("ASSET#1", "AUDIT") + "}";
                DynamoTestSupport.ok(provider, "PutItem", "{\"TableName\":\"dam\",\"Item\":"
                        + DynamoTestSupport.key("BRIEF#1", "META") + "}");
                String check = "{\"TableName\":\"dam\",\"Key\":" + DynamoTestSupport.key("BRIEF#1", "META")
                        + ",\"ConditionExpression\":\"attribute_exists(PK)\"}";
                String tx = "{\"TransactItems\":[{\"Update\":" + update + "},{\"Put\":" + audit + "},{\"ConditionCheck\":"
                        + check + "}]}";
                double[][] writes = measureAlternating(warmup / 5, calls / 5, () -> {
                    check(provider.handle(DynamoTestSupport.request("UpdateItem", update)).status() == 200, "update");
                    check(provider.handle(DynamoTestSupport.request("PutItem", audit)).status() == 200, "put");
                    check(provider.handle(DynamoTestSupport.request("GetItem", "{\"TableName\":\"dam\",\"Key\":"
                            + DynamoTestSupport.key("BRIEF#1", "META") + "}")).status() == 200, "get");
                }, () -> check(provider.handle(DynamoTestSupport.request("TransactWriteItems", tx)).status() == 200,
                        "transaction"));
                report("3 plain ops (update, put, get)", writes[0], "TransactWriteItems x3", writes[1]);

                try (DynamoDbClient viaProvider = sdk(edge.endpoint()); DynamoDbClient viaDynalite = sdk(dynalite)) {
                    Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("ASSET#1"),
                            "SK", AttributeValue.fromS("META"));
                    double[][] viaSdk = measureAlternating(warmup, calls,
                            () -> check(viaDynalite.getItem(b -> b.tableName("dam").key(key)).hasItem(), "direct"),
                            () -> check(viaProvider.getItem(b -> b.tableName("dam").key(key)).hasItem(), "provider"));
                    double[] sdkDirect = viaSdk[0];
                    double[] sdkProvider = viaSdk[1];
                    report("AWS SDK v2: dynalite direct", sdkDirect, "wrapper+provider", sdkProvider);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static DynamoDbClient sdk(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    /**
     * Latencies in ms of {@code calls} calls of each after {@code warmup} unmeasured ones, sorted. The two are
     * alternated call by call so JIT warm-up and background load affect both alike.
     */
    private static double[][] measureAlternating(int warmup, int calls, Runnable base, Runnable ours) {
        for (int i = 0; i < warmup; i++) {
            base.run();
            ours.run();
        }
        double[] a = new double[calls];
        double[] b = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            base.run();
            long mid = System.nanoTime();
            ours.run();
            b[i] = (System.nanoTime() - mid) / 1e6;
            a[i] = (mid - start) / 1e6;
        }
        Arrays.sort(a);
        Arrays.sort(b);
        return new double[][] {a, b};
    }

    private static void report(String baseName, double[] base, String oursName, double[] ours) {
        System.out.printf("%s: p50 %.3f ms, p95 %.3f ms, mean %.3f ms | %s: p50 %.3f ms, p95 %.3f ms, mean %.3f ms"
                        + " | ratio p50 %.2fx, mean %.2fx (n=%d)%n",
                baseName, pct(base, 50), pct(base, 95), mean(base), oursName, pct(ours, 50), pct(ours, 95),
                mean(ours), pct(ours, 50) / pct(base, 50), mean(ours) / mean(base), base.length);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
