package dam.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * What differs between our functions: handler, jar, memory, timeout and environment. Immutable; each setter returns a
 * copy, so a spec can be shared as a template.
 */
public final class FunctionSpec {

    private final String handler;
    private final Path jar;
    private final int memoryMb;
    private final Duration timeout;
    private final Map<String, String> environment;

    private FunctionSpec(String handler, Path jar, int memoryMb, Duration timeout, Map<String, String> environment) {
        this.handler = handler;
        this.jar = jar;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    /** Defaults: 1024 MB (Java init is CPU-bound and CPU scales with memory), 30 s. */
    public static FunctionSpec of(String handler, Path jar) {
        if (handler == null || !handler.matches("[\\w.$]+(::\\w+)?")) {
            throw new IllegalArgumentException("Invalid Lambda handler '" + handler + "', expected pkg.Class::method");
        }
        return new FunctionSpec(handler, Objects.requireNonNull(jar, "jar"), 1024, Duration.seconds(30), Map.of());
    }

    public FunctionSpec memoryMb(int memoryMb) {
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("Lambda memory must be 128..10240 MB, got " + memoryMb);
        }
        return new FunctionSpec(handler, jar, memoryMb, timeout, environment);
    }

    public FunctionSpec timeout(Duration timeout) {
        return new FunctionSpec(handler, jar, memoryMb, Objects.requireNonNull(timeout, "timeout"), environment);
    }

    public FunctionSpec env(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
        return new FunctionSpec(handler, jar, memoryMb, timeout, env);
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
}
