package dam.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.lambda.fixtures.EchoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Shared bits of the lambda tests: where the fixture handlers live, JSON helpers. */
public final class LambdaTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private LambdaTestSupport() {
    }

    /** The compiled test classes: the "code" of every fixture function (the runtime jars bring lambda-core). */
    public static Path fixtureCode() {
        try {
            return Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String handler(Class<?> type) {
        return type.getName() + "::handleRequest";
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(payload, StandardCharsets.UTF_8), e);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
