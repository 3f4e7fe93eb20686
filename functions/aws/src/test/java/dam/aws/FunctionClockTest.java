package dam.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FunctionClockTest {

    @Test
    void followsTheClockSourceAsItMoves() throws Exception {
        AtomicLong now = new AtomicLong(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/_dam/clock", exchange -> {
            byte[] body = Long.toString(now.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var clock = FunctionClock.forSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/_dam/clock"));
            assertEquals(Instant.parse("2030-01-01T00:00:00Z"), clock.instant());
            now.addAndGet(3 * 24 * 3600 * 1000L);
            assertEquals(Instant.parse("2030-01-04T00:00:00Z"), clock.instant());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableSourceIsAnErrorNotTheWallClock() {
        var clock = FunctionClock.forSource(URI.create("http://127.0.0.1:1/_dam/clock"));
        assertThrows(IllegalStateException.class, clock::instant);
    }
}
