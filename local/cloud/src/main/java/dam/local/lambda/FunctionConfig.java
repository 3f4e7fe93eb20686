package dam.local.lambda;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the deployer knows about one function (from the CDK template's {@code AWS::Lambda::Function}).
 *
 * @param code                 the built jar, a zip in Lambda's layout (classes + lib/*.jar) or a directory of classes
 * @param maxWorkers           reserved concurrency: at most this many worker JVMs; extra invokes wait
 * @param maximumRetryAttempts async retries after the first attempt (0-2, AWS's default is 2)
 * @param onFailureArn         async on-failure destination, or null
 * @param deadLetterArn        DeadLetterConfig target, or null
 */
public record FunctionConfig(String name, Path code, String handler, String runtime, Map<String, String> environment,
                             int memoryMb, int timeoutSeconds, int maxWorkers, int maximumRetryAttempts,
                             String onFailureArn, String deadLetterArn) {

    public static final int DEFAULT_MAX_WORKERS = 4;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    /** Keys Lambda sets itself; AWS refuses them in a function's environment, and so do we. */
    static final Set<String> RESERVED_ENV = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    public FunctionConfig {
        require(name != null && NAME.matcher(name).matches(),
                "function name must be 1-64 characters of letters, digits, '-' or '_': " + name);
        Objects.requireNonNull(code, "code");
        require(handler != null && !handler.isBlank(), "handler is required for " + name);
        require(runtime != null && runtime.startsWith("java"),
                "runtime " + runtime + " of " + name + " is not supported locally (java8.al2, java11, java17, java21)");
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        for (String key : new TreeMap<>(environment).keySet()) {
            require(ENV_KEY.matcher(key).matches(), "invalid environment variable name '" + key + "' in " + name);
            require(!RESERVED_ENV.contains(key), "environment variable " + key + " of " + name
                    + " is reserved by Lambda");
        }
        require(memoryMb >= 128 && memoryMb <= 10240, "memory of " + name + " must be 128-10240 MB: " + memoryMb);
        require(timeoutSeconds >= 1 && timeoutSeconds <= 900,
                "timeout of " + name + " must be 1-900 seconds: " + timeoutSeconds);
        require(maxWorkers >= 1, "reserved concurrency of " + name + " must be at least 1: " + maxWorkers);
        require(maximumRetryAttempts >= 0 && maximumRetryAttempts <= 2,
                "maximumRetryAttempts of " + name + " must be 0-2: " + maximumRetryAttempts);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Starts from AWS's defaults: java21, 128 MB, 3 s, 2 async retries, plus our default of 4 workers. */
    public static Builder builder(String name, Path code, String handler) {
        return new Builder(name, code, handler);
    }

    public Builder toBuilder() {
        return new Builder(name, code, handler).runtime(runtime).environment(environment).memoryMb(memoryMb)
                .timeoutSeconds(timeoutSeconds).maxWorkers(maxWorkers).maximumRetryAttempts(maximumRetryAttempts)
                .onFailureArn(onFailureArn).deadLetterArn(deadLetterArn);
    }

    public static final class Builder {
        private final String name;
        private final Path code;
        private final String handler;
        private String runtime = "java21";
        private Map<String, String> environment = Map.of();
        private int memoryMb = 128;
        private int timeoutSeconds = 3;
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private int maximumRetryAttempts = 2;
        private String onFailureArn;
        private String deadLetterArn;

        private Builder(String name, Path code, String handler) {
            this.name = name;
            this.code = code;
            this.handler = handler;
        }

        public Builder runtime(String value) {
            runtime = value;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder memoryMb(int value) {
            memoryMb = value;
            return this;
        }

        public Builder timeoutSeconds(int value) {
            timeoutSeconds = value;
            return this;
        }

        public Builder maxWorkers(int value) {
            maxWorkers = value;
            return this;
        }

        public Builder maximumRetryAttempts(int value) {
            maximumRetryAttempts = value;
            return this;
        }

        public Builder onFailureArn(String value) {
            onFailureArn = value;
            return this;
        }

        public Builder deadLetterArn(String value) {
            deadLetterArn = value;
            return this;
        }

        public FunctionConfig build() {
            return new FunctionConfig(name, code, handler, runtime, environment, memoryMb, timeoutSeconds, maxWorkers,
                    maximumRetryAttempts, onFailureArn, deadLetterArn);
        }
    }
}
