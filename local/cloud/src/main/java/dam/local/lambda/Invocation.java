package dam.local.lambda;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** One event on its way through a worker: handed out by /next, settled by /response, /error or the worker's death. */
final class Invocation {

    /** What the runtime (or the provider on its behalf) answered; {@code functionError} null means success. */
    record Outcome(byte[] payload, String functionError) {

        static Outcome success(byte[] payload) {
            return new Outcome(payload, null);
        }

        static Outcome unhandled(byte[] errorDocument) {
            return new Outcome(errorDocument, "Unhandled");
        }

        /** An error the platform raises itself (timeout, runtime exit), in the shape Lambda returns it. */
        static Outcome platformError(String errorType, String message) {
            String json = "{\"errorType\":" + quote(errorType) + ",\"errorMessage\":" + quote(message) + "}";
            return unhandled(json.getBytes(StandardCharsets.UTF_8));
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }

    final String requestId;
    final byte[] payload;
    final String clientContext;
    final String traceId;
    /** Completes with System.nanoTime() when a runtime took the event through /next. */
    final CompletableFuture<Long> dispatched = new CompletableFuture<>();
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    Invocation(String requestId, byte[] payload, String clientContext, String traceId) {
        this.requestId = requestId;
        this.payload = payload;
        this.clientContext = clientContext;
        this.traceId = traceId;
    }
}
