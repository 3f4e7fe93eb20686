package dam.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment: a JVM running the unmodified AWS runtime interface client against its own Lambda
 * Runtime API endpoint (a loopback HTTP server), one event at a time.
 */
final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final String API = "/2018-06-01/runtime/";
    /** Lambda's limit for a synchronous response. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    /** Everything a worker needs that is the same for all workers of the local cloud. */
    record Launch(RuntimeDistribution runtime, URI edgeEndpoint, ExecutorService httpExecutor,
                  ExecutorService eventExecutor) {
    }

    private final int id;
    private final List<String> jvmOptions;
    private final String functionName;
    private final String functionArn;
    private final int timeoutSeconds;
    private final FunctionLog log;
    private final Consumer<Worker> onExit;
    private final BlockingQueue<Optional<Invocation>> inbox = new LinkedBlockingQueue<>();
    private final long startedNanos = System.nanoTime();
    private HttpServer server;
    private Process process;
    private OutputPump pump;
    private volatile Invocation current;
    private volatile long initDoneNanos = -1;
    private volatile boolean initReported;
    private volatile String initError;
    private volatile boolean dead;
    private final CompletableFuture<Void> exitHandled = new CompletableFuture<>();

    private Worker(int id, FunctionConfig config, String functionArn, FunctionLog log, Consumer<Worker> onExit,
                   List<String> jvmOptions) {
        this.id = id;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.functionName = config.name();
        this.functionArn = functionArn;
        this.timeoutSeconds = config.timeoutSeconds();
        this.log = log;
        this.onExit = onExit;
    }

    /** Binds the runtime API and starts the JVM; the runtime asks for its first event once the handler is loaded. */
    static Worker start(int id, FunctionConfig config, String functionArn, FunctionCode code, Launch launch,
                        List<String> jvmOptions, FunctionLog log, Consumer<Worker> onExit) throws IOException {
        Worker worker = new Worker(id, config, functionArn, log, onExit, jvmOptions);
        worker.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        worker.server.createContext(API, worker::serve);
        worker.server.setExecutor(launch.httpExecutor());
        worker.server.start();
        try {
            ProcessBuilder builder = new ProcessBuilder(command(config, code, launch, jvmOptions))
                    .directory(code.taskRoot().toFile())
                    .redirectErrorStream(true);
            environment(builder.environment(), config, code, launch, worker);
            worker.process = builder.start();
        } catch (IOException | RuntimeException e) {
            worker.server.stop(0);
            throw e;
        }
        worker.pump = new OutputPump(worker.process.getInputStream(), log, worker.process::isAlive);
        Thread pumpThread = new Thread(worker.pump, "lambda-log-" + config.name() + "-" + id);
        pumpThread.setDaemon(true);
        pumpThread.start();
        worker.process.onExit().thenAcceptAsync(p -> worker.exited(p.exitValue()), launch.eventExecutor());
        log.line("[local lambda] worker " + id + " started, pid " + worker.process.pid());
        return worker;
    }

    /** The command line of Lambda's managed Java runtime, minus the parts that only exist in AWS. */
    private static List<String> command(FunctionConfig config, FunctionCode code, Launch launch,
                                        List<String> jvmOptions) {
        RuntimeDistribution runtime = launch.runtime();
        List<Path> classpath = new ArrayList<>(runtime.classpath());
        classpath.addAll(code.classpath());
        long heapKb = config.memoryMb() * 1024L * 85 / 100;
        List<String> command = new ArrayList<>(List.of(runtime.javaExecutable().toString(),
                "-XX:MaxHeapSize=" + heapKb + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                "-Djava.io.tmpdir=" + code.tmpDir(),
                "-D" + RuntimeDistribution.JNI_PROPERTY + "=" + runtime.jniLibrary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(":")),
                RuntimeDistribution.WORKER_MAIN, RuntimeDistribution.MAIN_CLASS,
                config.handler()));
        return command;
    }

    /** A clean environment, as in Lambda: nothing leaks from the local cloud's own process but PATH. */
    private static void environment(Map<String, String> env, FunctionConfig config, FunctionCode code, Launch launch,
                                    Worker worker) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "en_US.UTF-8");
        env.putAll(config.environment());
        env.put("_HANDLER", config.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + worker.server.getAddress().getPort());
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                + "/[$LATEST]worker-" + worker.id);
        env.put("AWS_REGION", LambdaProvider.REGION);
        env.put("AWS_DEFAULT_REGION", LambdaProvider.REGION);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL", launch.edgeEndpoint().toString());
        // Functions read time from the local cloud's one clock (dam.aws.FunctionClock), so tests can move it.
        env.put("DAM_CLOCK_URL", launch.edgeEndpoint() + "/_dam/clock");
        env.put("LAMBDA_TASK_ROOT", code.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", launch.runtime().jniLibrary().getParent().toString());
        env.put("TZ", ":UTC");
    }

    int id() {
        return id;
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** Hands the next event to this (idle, exclusively held) worker. */
    void assign(Invocation invocation) {
        pump.resetCapture();
        current = invocation;
        inbox.add(Optional.of(invocation));
    }

    /** Init duration the first time it is asked after the runtime came up (the cold start), null afterwards. */
    Double takeInitDurationMs() {
        if (initReported || initDoneNanos < 0) {
            return null;
        }
        initReported = true;
        return (initDoneNanos - startedNanos) / 1e6;
    }

    String capturedOutput() {
        return pump.captured();
    }

    /** Maximum resident memory of the worker so far (Linux), or -1. */
    long peakMemoryMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            LOG.debug("no memory figure for worker {}: {}", pid(), gone.toString());
        }
        return -1;
    }

    /** Kills the worker JVM and anything it started; its exit settles whatever it was running. */
    void kill() {
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        inbox.offer(Optional.empty());
    }

    private void exited(int status) {
        dead = true;
        inbox.offer(Optional.empty());
        Invocation running = current;
        if (running != null && !running.outcome.isDone()) {
            running.outcome.complete(initError != null
                    ? Invocation.Outcome.unhandled(initError.getBytes(StandardCharsets.UTF_8))
                    : Invocation.Outcome.platformError("Runtime.ExitError", "RequestId: " + running.requestId
                    + " Error: Runtime exited with error: exit status " + status));
        }
        log.line("[local lambda] worker " + id + " (pid " + process.pid() + ") exited with status " + status);
        server.stop(0);
        onExit.accept(this);
        exitHandled.complete(null);
    }

    /** Waits until the worker's exit has been handled (its runtime API stopped); false if it is still around. */
    boolean awaitExit(Duration max) {
        try {
            exitHandled.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("worker {} did not finish exiting within {}: {}", this, max, e.toString());
            return false;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestURI().getPath().substring(API.length());
            String method = exchange.getRequestMethod();
            if (route.equals("invocation/next") && method.equals("GET")) {
                next(exchange);
            } else if (route.equals("init/error") && method.equals("POST")) {
                initError(exchange);
            } else if (route.startsWith("invocation/") && method.equals("POST")) {
                String[] parts = route.split("/");
                if (parts.length == 3 && parts[2].equals("response")) {
                    response(exchange, parts[1]);
                } else if (parts.length == 3 && parts[2].equals("error")) {
                    error(exchange, parts[1]);
                } else {
                    reply(exchange, 404, "{\"errorType\":\"InvalidRequest\",\"errorMessage\":\"unknown path\"}");
                }
            } else {
                reply(exchange, 404, "{\"errorType\":\"InvalidRequest\",\"errorMessage\":\"unknown path\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        if (initDoneNanos < 0) {
            initDoneNanos = System.nanoTime();
        }
        Optional<Invocation> taken = inbox.take();
        if (taken.isEmpty()) {
            inbox.offer(taken); // keep the stop signal for any other waiting request
            reply(exchange, 503, "{\"errorType\":\"Runtime.Stopping\",\"errorMessage\":\"worker is stopping\"}");
            return;
        }
        Invocation invocation = taken.get();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeoutSeconds * 1000L));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId);
        if (invocation.clientContext != null) {
            headers.set("Lambda-Runtime-Client-Context", invocation.clientContext);
        }
        log.line("START RequestId: " + invocation.requestId + " Version: $LATEST");
        invocation.dispatched.complete(System.nanoTime());
        byte[] body = invocation.payload;
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void response(HttpExchange exchange, String requestId) throws IOException {
        Invocation invocation = settling(exchange, requestId);
        if (invocation == null) {
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length > MAX_RESPONSE_BYTES) {
            invocation.outcome.complete(Invocation.Outcome.platformError("Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
                            + " bytes)."));
            reply(exchange, 413, "{\"errorType\":\"Function.ResponseSizeTooLarge\",\"errorMessage\":\"too large\"}");
            return;
        }
        invocation.outcome.complete(Invocation.Outcome.success(body));
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void error(HttpExchange exchange, String requestId) throws IOException {
        Invocation invocation = settling(exchange, requestId);
        if (invocation == null) {
            return;
        }
        invocation.outcome.complete(Invocation.Outcome.unhandled(exchange.getRequestBody().readAllBytes()));
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void initError(HttpExchange exchange) throws IOException {
        initError = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        log.line("[local lambda] worker " + id + " failed to initialise: " + initError);
        Invocation running = current;
        if (running != null) {
            running.outcome.complete(Invocation.Outcome.unhandled(initError.getBytes(StandardCharsets.UTF_8)));
        }
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The invocation a runtime reports on, or null (after answering 400) when it is not the one it holds. */
    private Invocation settling(HttpExchange exchange, String requestId) throws IOException {
        Invocation invocation = current;
        if (invocation == null || !invocation.requestId.equals(requestId)) {
            reply(exchange, 400, "{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"unknown request id "
                    + requestId.replaceAll("[^A-Za-z0-9-]", "") + "\"}");
            return null;
        }
        return invocation;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public String toString() {
        return functionName + "#" + id + (process == null ? "" : " pid " + process.pid());
    }
}
