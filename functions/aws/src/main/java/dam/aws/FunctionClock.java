package dam.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a function's domain logic uses (due dates, link expiry, reminders). On AWS it is the system clock. When
 * {@code DAM_CLOCK_URL} is set — the local cloud sets it for every function — time comes from the environment's one
 * clock, so a test that moves time moves it for the functions too, with no special code path in them.
 */
public final class FunctionClock extends Clock {

    private final HttpClient http;
    private final URI source;

    private FunctionClock(URI source) {
        // Plain HTTP/1.1 on loopback; generous timeouts because a cold worker JVM on a loaded machine is slow to make
        // its first request (the local cloud answers in microseconds).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.source = source;
    }

    public static Clock fromEnvironment() {
        String url = System.getenv("DAM_CLOCK_URL");
        return url == null || url.isBlank() ? Clock.systemUTC() : new FunctionClock(URI.create(url));
    }

    static FunctionClock forSource(URI source) {
        return new FunctionClock(source);
    }

    @Override
    public Instant instant() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("clock source " + source + " answered " + response.statusCode());
            }
            return Instant.ofEpochMilli(Long.parseLong(response.body().trim()));
        } catch (IOException e) {
            throw new IllegalStateException("clock source " + source + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the clock", e);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("function time is always UTC");
    }
}
