package dam.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * What differs between our functions: handler, jar, memory, timeout, reserved concurrency and environment. Immutable;
 * each setter returns a copy, so a spec can be shared as a template.
 *
 * <p>Memory is chosen by measurement: {@code dam.bench.MemoryReport} reads the peak RSS ("Max Memory Used") of every
 * invocation the e2e suite makes through the local cloud's Lambda workers (real JVMs, heap capped like Lambda's).
 * Rule: at least twice the measured peak (headroom for bigger inputs and GC), rounded up to 256 MB; more only where
 * CPU buys latency (Lambda's CPU share grows with memory; 1769 MB = one vCPU). State the figure next to the value.
 */
public final class FunctionSpec {

    private final String handler;
    private final Path jar;
    private final int memoryMb;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final Integer reservedConcurrency;

    private FunctionSpec(String handler, Path jar, int memoryMb, Duration timeout, Map<String, String> environment,
                         Integer reservedConcurrency) {
        this.handler = handler;
        this.jar = jar;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
        this.reservedConcurrency = reservedConcurrency;
    }

    /** Defaults: 1024 MB (Java init is CPU-bound and CPU scales with memory), 30 s. */
    public static FunctionSpec of(String handler, Path jar) {
        if (handler == null || !handler.matches("[\\w.$]+(::\\w+)?")) {
            throw new IllegalArgumentException("Invalid Lambda handler '" + handler + "', expected pkg.Class::method");
        }
        return new FunctionSpec(handler, Objects.requireNonNull(jar, "jar"), 1024, Duration.seconds(30), Map.of(),
                null);
    }

    public FunctionSpec memoryMb(int memoryMb) {
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("Lambda memory must be 128..10240 MB, got " + memoryMb);
        }
        return new FunctionSpec(handler, jar, memoryMb, timeout, environment, reservedConcurrency);
    }

    public FunctionSpec timeout(Duration timeout) {
        return new FunctionSpec(handler, jar, memoryMb, Objects.requireNonNull(timeout, "timeout"), environment,
                reservedConcurrency);
    }

    public FunctionSpec env(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
        return new FunctionSpec(handler, jar, memoryMb, timeout, env, reservedConcurrency);
    }

    /**
     * Caps (and reserves) concurrent executions; {@code null} (the default) leaves the function on the account's
     * unreserved pool. Use it only where a downstream quota or a noisy workload calls for it, with the reason.
     */
    public FunctionSpec reservedConcurrency(Integer reservedConcurrency) {
        if (reservedConcurrency != null && reservedConcurrency < 1) {
            throw new IllegalArgumentException("reserved concurrency must be at least 1 (or null for none), got "
                    + reservedConcurrency);
        }
        return new FunctionSpec(handler, jar, memoryMb, timeout, environment, reservedConcurrency);
    }

    public String handler() {
        return handler;
    }

    public Path jar() {
        return jar;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Null when the function uses the unreserved pool. */
    public Integer reservedConcurrency() {
        return reservedConcurrency;
    }
}
