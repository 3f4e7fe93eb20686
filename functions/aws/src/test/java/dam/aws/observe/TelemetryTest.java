package dam.aws.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final String TRACE = "Root=1-65f0a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";

    final List<String> lines = new ArrayList<>();
    final AtomicReference<String> trace = new AtomicReference<>(TRACE);
    final Telemetry telemetry = new Telemetry("brief-intake",
            Map.of("AWS_LAMBDA_FUNCTION_NAME", "env-name", "AWS_LAMBDA_LOG_LEVEL", "INFO"), trace::get, lines::add,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void logLineHasThePowertoolsShape() throws IOException {
        String result = telemetry.run(context("req-1"), bytes("{\"detail\":{\"briefId\":\"b-42\"}}"), log -> {
            log.info("brief created", "briefId", "b-42", "version", 3, "applied", true);
            return "ok";
        });

        assertEquals("ok", result);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("2026-03-01T10:15:30.123Z", line.get("timestamp").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals("brief created", line.get("message").asText());
        assertEquals("brief-intake", line.get("service").asText());
        assertTrue(line.get("cold_start").asBoolean());
        assertEquals("Dam-BriefIntake", line.get("function_name").asText());
        assertEquals("7", line.get("function_version").asText());
        assertEquals("req-1", line.get("function_request_id").asText());
        assertEquals("1-65f0a1b2-0123456789abcdef01234567", line.get("xray_trace_id").asText());
        assertEquals("b-42", line.get("correlation_id").asText());
        assertEquals(3, line.get("version").asInt());
        assertTrue(line.get("applied").isBoolean());
    }

    @Test
    void onlyTheFirstInvocationOfAnInstanceIsACold_start() throws IOException {
        for (int i = 0; i < 3; i++) {
            telemetry.run(context("r" + i), bytes("{}"), log -> {
                log.info("hello");
                return null;
            });
        }
        List<Boolean> cold = lines.stream().map(l -> read(l).get("cold_start").asBoolean()).toList();
        assertEquals(List.of(true, false, false), cold);
    }

    @Test
    void traceIdIsReadPerInvocationAndOmittedWhenAbsent() throws IOException {
        trace.set("Root=1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb;Sampled=0");
        telemetry.run(context("a"), bytes("{}"), log -> {
            log.info("one");
            return null;
        });
        trace.set(null);
        telemetry.run(null, bytes("{}"), log -> {
            log.info("two");
            return null;
        });
        assertEquals("1-aaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbb", read(lines.get(0)).get("xray_trace_id").asText());
        JsonNode second = read(lines.get(1));
        assertFalse(second.has("xray_trace_id"));
        assertFalse(second.has("function_request_id"), "no context, no request id");
        assertEquals("env-name", second.get("function_name").asText(), "falls back to the Lambda environment");
    }

    @Test
    void metricsAreOneEmfLineInNamespaceDamWithTheServiceDimension() throws IOException {
        telemetry.run(context("req-9"), bytes("{\"assetId\":\"a-1\"}"), log -> {
            log.count(Metrics.VERSIONS_INGESTED);
            log.count(Metrics.VERSIONS_INGESTED);
            log.metric("RenditionBytes", 2048, MetricUnit.BYTES);
            return null;
        });

        assertEquals(1, lines.size());
        JsonNode emf = read(lines.get(0));
        JsonNode aws = emf.get("_aws");
        assertEquals(NOW.toEpochMilli(), aws.get("Timestamp").asLong());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertEquals("Dam", directive.get("Namespace").asText());
        assertEquals("[[\"service\"]]", directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"VersionsIngested\",\"Unit\":\"Count\"},{\"Name\":\"RenditionBytes\",\"Unit\":\"Bytes\"}]",
                directive.get("Metrics").toString());
        assertEquals("brief-intake", emf.get("service").asText());
        assertEquals("[1.0,1.0]", emf.get("VersionsIngested").toString(), "two values of one metric: an array");
        assertEquals(2048.0, emf.get("RenditionBytes").asDouble());
        assertEquals("a-1", emf.get("correlation_id").asText());
        assertEquals("req-9", emf.get("function_request_id").asText());
        // Every metric named in the directive has a value at the top level (else CloudWatch drops the line).
        directive.get("Metrics").forEach(m -> assertTrue(emf.has(m.get("Name").asText())));
    }

    @Test
    void noMetricsNoEmfLine() throws IOException {
        telemetry.run(context("r"), bytes("{}"), log -> null);
        assertEquals(List.of(), lines);
    }

    @Test
    void badMetricsAreRefused() {
        Invocation log = telemetry.start(null, null);
        assertThrows(IllegalArgumentException.class, () -> log.count("has space"));
        assertThrows(IllegalArgumentException.class, () -> log.count("service"));
        log.metric("Latency", 5, MetricUnit.MILLISECONDS);
        assertThrows(IllegalArgumentException.class, () -> log.metric("Latency", 5, MetricUnit.COUNT));
        for (int i = 1; i < Invocation.MAX_METRICS; i++) {
            log.count("M" + i);
        }
        assertThrows(IllegalStateException.class, () -> log.count("OneTooMany"));
    }

    @Test
    void aFailureIsLoggedAtErrorAndRethrownUnchanged() {
        IllegalStateException boom = new IllegalStateException("table unavailable");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> telemetry.run(context("r"), bytes("{\"briefId\":\"b-1\"}"), log -> {
                    log.count(Metrics.BRIEFS_CREATED);
                    throw boom;
                }));
        assertSame(boom, thrown);
        JsonNode error = read(lines.get(0));
        assertEquals("ERROR", error.get("level").asText());
        assertEquals("invocation failed", error.get("message").asText());
        assertEquals(IllegalStateException.class.getName(), error.at("/error/name").asText());
        assertEquals("table unavailable", error.at("/error/message").asText());
        assertTrue(error.at("/error/stack").size() > 0);
        assertTrue(read(lines.get(1)).has("_aws"), "metrics are flushed on failure too");
    }

    @Test
    void levelsBelowTheConfiguredOneAreDropped() throws IOException {
        Telemetry quiet = new Telemetry("api", Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN"), () -> null, lines::add,
                Clock.systemUTC());
        quiet.run(null, bytes("{}"), log -> {
            log.debug("d");
            log.info("i");
            log.warn("w");
            return null;
        });
        assertEquals(List.of("WARN"), lines.stream().map(l -> read(l).get("level").asText()).toList());
    }

    @Test
    void tokensNoncesAndSecretsNeverReachTheLog() throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random); // an approval link's nonce
        byte[] tokenBytes = new byte[600];
        new SecureRandom().nextBytes(tokenBytes);
        String taskToken = Base64.getEncoder().encodeToString(tokenBytes); // Step Functions task tokens: base64
        String jwt = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes)
                + ".c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl";
        String event = "{\"rawPath\":\"/review/" + nonce + "\",\"pathParameters\":{\"nonce\":\"" + nonce + "\"},"
                + "\"requestContext\":{\"requestId\":\"api-req-1\"},\"taskToken\":\"" + taskToken + "\"}";

        assertThrows(IllegalArgumentException.class, () -> telemetry.run(context("r"), bytes(event), log -> {
            log.info("link opened " + nonce, "nonce", nonce, "taskToken", taskToken, "path", "/review/" + nonce,
                    "authorization", "Bearer " + jwt, "header", "Bearer " + jwt, "csrfValue", "abc");
            log.warn("callback with " + taskToken);
            throw new IllegalArgumentException("bad token " + taskToken + " for " + nonce);
        }));

        String all = String.join("\n", lines);
        assertEquals(3, lines.size(), all);
        assertFalse(all.contains(nonce), all);
        assertFalse(all.contains(taskToken.substring(0, 40)), all);
        assertFalse(all.contains(jwt.substring(0, 40)), all);
        JsonNode first = read(lines.get(0));
        assertEquals("api-req-1", first.get("correlation_id").asText(), "the request id, never the nonce");
        assertEquals("link opened [redacted]", first.get("message").asText());
        assertEquals("[redacted]", first.get("nonce").asText());
        assertEquals("[redacted]", first.get("csrfValue").asText());
        // Base64 may contain '/': a path ending in a token is redacted whole, never split into leaking pieces.
        assertEquals("[redacted]", first.get("path").asText());
        assertEquals("Bearer [redacted]", first.get("header").asText());
    }

    @Test
    void ordinaryIdsAreNotMistakenForSecrets() {
        String uuid = "3f2b8c1e-5d4a-4e7b-9c2d-1a2b3c4d5e6f";
        assertEquals("asset " + uuid + " v12", Redaction.scrub("asset " + uuid + " v12"));
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:AssetIngest:run-1",
                Redaction.scrub("arn:aws:states:us-east-1:123456789012:execution:AssetIngest:run-1"));
        assertFalse(Redaction.isSecretKey("assetId"));
        assertTrue(Redaction.isSecretKey("TaskToken"));
    }

    @Test
    void correlationIdComesFromTheBusinessObjectFirst() {
        assertEquals("a-7", Correlation.from(read("{\"assetId\":\"a-7\",\"execution\":\"x\",\"id\":\"e\"}")));
        assertEquals("b-3", Correlation.from(read("{\"detail\":{\"briefId\":\"b-3\",\"commandId\":\"c\"},"
                + "\"id\":\"evt\"}")));
        assertEquals("s-1", Correlation.from(read("{\"subject\":{\"type\":\"brief\",\"id\":\"s-1\"}}")));
        assertEquals("run-5", Correlation.from(read("{\"step\":\"begin\",\"execution\":"
                + "\"arn:aws:states:us-east-1:1:execution:AssetIngest:run-5\"}")));
        assertEquals("req-2", Correlation.from(read("{\"requestContext\":{\"requestId\":\"req-2\"}}")));
        assertEquals("cmd-1", Correlation.from(read("{\"detail\":{\"commandId\":\"cmd-1\"},\"id\":\"evt\"}")));
        assertEquals("evt", Correlation.from(read("{\"id\":\"evt\",\"detail\":{}}")));
        assertNull(Correlation.from(read("{\"assetId\":42}")));
        assertNull(Correlation.from(read("[1]")));
    }

    @Test
    void anUnreadableEventHasNoCorrelationIdButIsStillLogged() throws IOException {
        telemetry.run(context("r"), bytes("not json"), log -> {
            log.warn("rejected");
            return null;
        });
        assertFalse(read(lines.get(0)).has("correlation_id"));
    }

    @Test
    void callerFieldsMayNotOverrideStandardOnesAndComeInPairs() {
        Invocation log = telemetry.start(null, null);
        assertThrows(IllegalArgumentException.class, () -> log.info("x", "level", "DEBUG"));
        assertThrows(IllegalArgumentException.class, () -> log.info("x", "lonely"));
        assertThrows(IllegalArgumentException.class, () -> new Telemetry("Bad Name"));
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Context context(String requestId) {
        return new Context() {
            public String getAwsRequestId() {
                return requestId;
            }

            public String getLogGroupName() {
                return "/aws/lambda/Dam-BriefIntake";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "Dam-BriefIntake";
            }

            public String getFunctionVersion() {
                return "7";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:1:function:Dam-BriefIntake:live";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return 1000;
            }

            public int getMemoryLimitInMB() {
                return 512;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
