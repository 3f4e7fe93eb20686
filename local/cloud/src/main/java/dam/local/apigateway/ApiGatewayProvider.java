package dam.local.apigateway;

import com.fasterxml.jackson.core.type.TypeReference;
import dam.local.apigateway.ApiModel.Api;
import dam.local.apigateway.ApiModel.Authorizer;
import dam.local.apigateway.ApiModel.Cors;
import dam.local.apigateway.ApiModel.Integration;
import dam.local.apigateway.ApiModel.Route;
import dam.local.apigateway.GatewayResponse.Header;
import dam.local.clock.LocalClock;
import dam.local.events.StateFile;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway (HTTP APIs, payload format 2.0) on its own port (127.0.0.1:8080 by default; the console is
 * served from the same origin). Per request: local sign-in endpoints ({@code /_local/...}), then CORS preflight,
 * then the most specific route, its JWT authorizer, and its Lambda integration; GET/HEAD requests no route matches
 * are served from the static directory. The model is upserted by the deployer (see {@link ApiGatewayResources}) and
 * persisted under the state dir, as is the sign-in key.
 */
public final class ApiGatewayProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayProvider.class);
    /** API Gateway's payload limit for HTTP APIs. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final long DRAIN_LIMIT_BYTES = 4L * MAX_BODY_BYTES;
    /** API Gateway's maximum integration timeout for HTTP APIs. */
    public static final Duration MAX_INTEGRATION_TIMEOUT = Duration.ofSeconds(30);
    public static final String ACCOUNT = "000000000000";

    /**
     * @param port               0 picks a free port (tests)
     * @param staticRoot         the console directory served for unmatched GETs, or null
     * @param integrationTimeout cap on every integration's timeout (30 s, like AWS; tests use less)
     */
    public record Config(String host, int port, Path stateDir, Path staticRoot, LocalClock clock,
                         Duration integrationTimeout) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(clock, "clock");
            if (integrationTimeout.isNegative() || integrationTimeout.isZero()
                    || integrationTimeout.compareTo(MAX_INTEGRATION_TIMEOUT) > 0) {
                throw new IllegalArgumentException("integrationTimeout must be in (0, 30 s]: " + integrationTimeout);
            }
        }

        public static Config defaults(Path stateDir, Path staticRoot, LocalClock clock) {
            return new Config("127.0.0.1", 8080, stateDir, staticRoot, clock, MAX_INTEGRATION_TIMEOUT);
        }
    }

    private final Config config;
    private final FunctionInvoker invoker;
    private final StateFile stateFile;
    private final LocalKeys keys;
    private final LocalSignIn signIn;
    private final JwtAuthorizer authorizer;
    private final StaticFiles staticFiles;
    private final ExecutorService invocations;
    private final Server server;
    private final Object lock = new Object();
    private volatile Map<String, Api> apis;
    private volatile RouteTable routes;
    private volatile String issuer;

    private ApiGatewayProvider(Config config, FunctionInvoker invoker) {
        this.config = config;
        this.invoker = invoker;
        this.stateFile = new StateFile(config.stateDir().resolve("apis.json"));
        this.keys = LocalKeys.loadOrCreate(config.stateDir().resolve("signing-key.pem"));
        this.signIn = new LocalSignIn(keys, this::issuer, config.clock());
        this.authorizer = new JwtAuthorizer(keys, this::issuer, config.clock());
        this.staticFiles = new StaticFiles(config.staticRoot());
        this.apis = load();
        this.routes = new RouteTable(apis.values());
        this.invocations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "apigw-invoke");
            t.setDaemon(true);
            return t;
        });
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("apigw");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // Encoded slashes and the like must reach our own decoding (routes and the traversal checks) unaltered.
        http.setHttpCompliance(HttpCompliance.LEGACY);
        http.setUriCompliance(UriCompliance.LEGACY);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Gateway()), "/*");
        server.setHandler(context);
    }

    /** Starts the gateway with the model and key persisted under {@code config.stateDir()}. */
    public static ApiGatewayProvider start(Config config, FunctionInvoker invoker) throws Exception {
        ApiGatewayProvider provider = new ApiGatewayProvider(config, invoker);
        try {
            provider.server.start();
        } catch (Exception e) {
            provider.close();
            throw e;
        }
        provider.issuer = provider.endpoint() + "/_local";
        LOG.info("API gateway on {} ({} APIs, static files from {})", provider.endpoint(), provider.apis.size(),
                config.staticRoot());
        return provider;
    }

    public URI endpoint() {
        ServerConnector c = (ServerConnector) server.getConnectors()[0];
        return URI.create("http://" + c.getHost() + ":" + c.getLocalPort());
    }

    /**
     * The {@code iss} of locally issued tokens, and the only issuer the local JWT authorizers accept (the
     * template's Cognito issuer cannot be reached locally). Its JWKS is at {@code <issuer>/.well-known/jwks.json}.
     */
    public String issuer() {
        return issuer;
    }

    /** Signs an ID token of the agreed shape for tests and tools (same as {@code POST /_local/token}). */
    public String issueToken(String user, Collection<String> roles, Collection<String> brands) {
        return signIn.issue(user, roles, brands, List.of());
    }

    /** The same with {@code custom:collections}: the collections an external user was given. */
    public String issueToken(String user, Collection<String> roles, Collection<String> brands,
                             Collection<String> collections) {
        return signIn.issue(user, roles, brands, collections);
    }

    // ---- model upserts (idempotent; each persists the whole model atomically) ----

    /** Creates or updates an HTTP API; its routes, integrations, authorizers and stages are kept. */
    public void putApi(String apiId, String name, Cors corsOrNull) {
        requireId(apiId, "apiId");
        update(all -> {
            Api old = all.get(apiId);
            all.put(apiId, old == null ? new Api(apiId, name, corsOrNull, Map.of(), Map.of(), Map.of(), Set.of())
                    : new Api(apiId, name, corsOrNull, old.integrations(), old.routes(), old.authorizers(),
                    old.stages()));
        });
    }

    public void putIntegration(String apiId, String integrationId, String functionArn) {
        putIntegration(apiId, integrationId, functionArn, (int) MAX_INTEGRATION_TIMEOUT.toMillis());
    }

    /** An AWS_PROXY Lambda integration (payload 2.0); {@code timeoutMillis} in [50, 30000] as in AWS. */
    public void putIntegration(String apiId, String integrationId, String functionArn, int timeoutMillis) {
        requireId(integrationId, "integrationId");
        if (functionArn == null || !functionArn.startsWith("arn:aws:lambda:")) {
            throw new IllegalArgumentException("integration " + integrationId + ": a Lambda function ARN is "
                    + "required, got " + functionArn);
        }
        if (timeoutMillis < 50 || timeoutMillis > MAX_INTEGRATION_TIMEOUT.toMillis()) {
            throw new IllegalArgumentException("integration " + integrationId + ": timeout must be 50..30000 ms");
        }
        updateApi(apiId, api -> {
            Map<String, Integration> integrations = new HashMap<>(api.integrations());
            integrations.put(integrationId, new Integration(integrationId, functionArn, timeoutMillis));
            return new Api(api.id(), api.name(), api.cors(), integrations, api.routes(), api.authorizers(),
                    api.stages());
        });
    }

    /** A JWT authorizer; {@code identitySources} default to {@code $request.header.Authorization}. */
    public void putAuthorizer(String apiId, String authorizerId, String name, String issuer,
                              List<String> audiences, List<String> identitySources) {
        requireId(authorizerId, "authorizerId");
        for (String source : identitySources) {
            if (!source.startsWith("$request.header.") && !source.startsWith("$request.querystring.")) {
                throw new IllegalArgumentException("authorizer " + authorizerId + ": unsupported identity source "
                        + source + " (use $request.header.<name> or $request.querystring.<name>)");
            }
        }
        updateApi(apiId, api -> {
            Map<String, Authorizer> authorizers = new HashMap<>(api.authorizers());
            authorizers.put(authorizerId, new Authorizer(authorizerId, name, issuer, audiences, identitySources));
            return new Api(api.id(), api.name(), api.cors(), api.integrations(), api.routes(), authorizers,
                    api.stages());
        });
    }

    public void putRoute(String apiId, String routeKey, String integrationId, String authorizerIdOrNull) {
        putRoute(apiId, routeKey, integrationId, authorizerIdOrNull, List.of());
    }

    /**
     * A route to an integration, public when {@code authorizerIdOrNull} is null. With {@code scopes}, the token
     * must carry at least one of them (AuthorizationScopes).
     */
    public void putRoute(String apiId, String routeKey, String integrationId, String authorizerIdOrNull,
                         List<String> scopes) {
        RouteKey.parse(routeKey);
        updateApi(apiId, api -> {
            if (!api.integrations().containsKey(integrationId)) {
                throw new IllegalArgumentException("route " + routeKey + ": API " + apiId + " has no integration "
                        + integrationId);
            }
            if (authorizerIdOrNull != null && !api.authorizers().containsKey(authorizerIdOrNull)) {
                throw new IllegalArgumentException("route " + routeKey + ": API " + apiId + " has no authorizer "
                        + authorizerIdOrNull);
            }
            Map<String, Route> r = new HashMap<>(api.routes());
            r.put(routeKey, new Route(routeKey, integrationId, authorizerIdOrNull, scopes));
            return new Api(api.id(), api.name(), api.cors(), api.integrations(), r, api.authorizers(), api.stages());
        });
    }

    public void putStage(String apiId, String stageName) {
        requireId(stageName, "stageName");
        updateApi(apiId, api -> {
            Set<String> stages = new java.util.HashSet<>(api.stages());
            stages.add(stageName);
            return new Api(api.id(), api.name(), api.cors(), api.integrations(), api.routes(), api.authorizers(),
                    stages);
        });
    }

    /** Removes a route; returns false when there was none. */
    public boolean deleteRoute(String apiId, String routeKey) {
        boolean[] removed = new boolean[1];
        updateApi(apiId, api -> {
            Map<String, Route> r = new HashMap<>(api.routes());
            removed[0] = r.remove(routeKey) != null;
            return new Api(api.id(), api.name(), api.cors(), api.integrations(), r, api.authorizers(), api.stages());
        });
        return removed[0];
    }

    /** Removes an API and everything attached to it; returns false when there was none. */
    public boolean deleteApi(String apiId) {
        boolean[] removed = new boolean[1];
        update(all -> removed[0] = all.remove(apiId) != null);
        return removed[0];
    }

    public Optional<Api> api(String apiId) {
        return Optional.ofNullable(apis.get(apiId));
    }

    public Collection<Api> apis() {
        return Collections.unmodifiableCollection(new TreeMap<>(apis).values());
    }

    private interface Change {
        void apply(Map<String, Api> apis);
    }

    private void updateApi(String apiId, java.util.function.UnaryOperator<Api> change) {
        update(all -> {
            Api api = all.get(apiId);
            if (api == null) {
                throw new IllegalArgumentException("there is no API " + apiId + "; put the Api first");
            }
            all.put(apiId, change.apply(api));
        });
    }

    /** Applies a change to a copy, persists it, then publishes it: a failed change leaves nothing behind. */
    private void update(Change change) {
        synchronized (lock) {
            Map<String, Api> copy = new LinkedHashMap<>(apis);
            change.apply(copy);
            RouteTable table = new RouteTable(copy.values());
            stateFile.write(PayloadV2.JSON.valueToTree(copy));
            apis = Map.copyOf(copy);
            routes = table;
        }
    }

    private Map<String, Api> load() {
        if (!stateFile.exists()) {
            return Map.of();
        }
        try {
            Map<String, Api> loaded = PayloadV2.JSON.convertValue(stateFile.read(),
                    new TypeReference<Map<String, Api>>() { });
            return Map.copyOf(loaded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the API model " + stateFile.path()
                    + "; redeploy after deleting it", e);
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }

    // ---- request pipeline ----

    GatewayResponse handle(GatewayRequest req) {
        String requestId = PayloadV2.newRequestId();
        GatewayResponse res = route(req, requestId);
        return res.withHeaders(List.of(new Header("apigw-requestid", requestId)));
    }

    private GatewayResponse route(GatewayRequest req, String requestId) {
        if (req.rawPath().startsWith("/_local/")) {
            Optional<GatewayResponse> local = signIn.handle(req);
            if (local.isPresent()) {
                return local.get();
            }
        }
        List<String> segments;
        try {
            segments = req.decodedSegments();
        } catch (IllegalArgumentException e) {
            return GatewayResponse.message(400, "Bad Request");
        }
        RouteTable table = routes;
        if (CorsPolicy.isPreflight(req)) {
            RouteTable.Match target = table.match(req.header("access-control-request-method").trim(), segments);
            Cors cors = target != null ? target.api().cors() : anyCors();
            if (cors != null) {
                return new CorsPolicy(cors).preflight(req);
            }
        }
        RouteTable.Match match = table.match(req.method(), segments);
        if (match == null) {
            if (req.method().equals("GET") || req.method().equals("HEAD")) {
                Optional<GatewayResponse> file = staticFiles.serve(req);
                if (file.isPresent()) {
                    return file.get();
                }
            }
            return GatewayResponse.message(404, "Not Found");
        }
        GatewayResponse res = invoke(req, match, requestId);
        return match.api().cors() == null ? res : new CorsPolicy(match.api().cors()).apply(req, res);
    }

    private GatewayResponse invoke(GatewayRequest req, RouteTable.Match match, String requestId) {
        Route route = match.route();
        Map<String, String> claims = null;
        List<String> scopes = null;
        if (route.authorizerId() != null) {
            Authorizer auth = match.api().authorizers().get(route.authorizerId());
            try {
                JwtAuthorizer.Grant grant = authorizer.authorize(auth, route.scopes(), req);
                claims = grant.claims();
                scopes = grant.scopes();
            } catch (JwtAuthorizer.Refusal refusal) {
                LOG.debug("{} {} refused: {}", req.method(), req.rawPath(), refusal.getMessage());
                return refusal.response();
            }
        }
        Integration integration = match.api().integrations().get(route.integrationId());
        Instant now = config.clock().instant();
        byte[] event = PayloadV2.event(req, match, requestId, now, ACCOUNT, claims, scopes).toString()
                .getBytes(StandardCharsets.UTF_8);
        long timeoutMillis = Math.min(integration.timeoutMillis(), config.integrationTimeout().toMillis());
        Future<byte[]> call = invocations.submit(() -> invoker.invoke(integration.functionArn(), event));
        try {
            return PayloadV2.response(call.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warn("{} {} ({}): {} did not answer within {} ms", req.method(), req.rawPath(), route.routeKey(),
                    integration.functionArn(), timeoutMillis);
            return GatewayResponse.message(504, "Endpoint request timed out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FunctionInvoker.FunctionError fe) {
                LOG.warn("{} {} ({}): {} failed: {}", req.method(), req.rawPath(), route.routeKey(),
                        integration.functionArn(), abbreviate(fe.payload()));
            } else {
                LOG.error("{} {} ({}): cannot invoke {}", req.method(), req.rawPath(), route.routeKey(),
                        integration.functionArn(), cause);
            }
            return GatewayResponse.message(502, "Internal Server Error");
        } catch (PayloadV2.MalformedResponse e) {
            LOG.warn("{} {} ({}): {} returned a response API Gateway cannot map: {}", req.method(), req.rawPath(),
                    route.routeKey(), integration.functionArn(), e.getMessage());
            return GatewayResponse.message(502, "Internal Server Error");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return GatewayResponse.message(503, "Service Unavailable");
        }
    }

    private Cors anyCors() {
        return new TreeMap<>(apis).values().stream().map(Api::cors).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            invocations.shutdownNow();
        }
    }

    /** Buffers the servlet request, runs the pipeline, writes the response. */
    private final class Gateway extends HttpServlet {

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            GatewayResponse out;
            long declared = req.getContentLengthLong();
            if (declared > MAX_BODY_BYTES) {
                discardModestOverflow(req, declared);
                out = GatewayResponse.message(413, "Request Entity Too Large");
            } else {
                byte[] body = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
                if (body.length > MAX_BODY_BYTES) {
                    out = GatewayResponse.message(413, "Request Entity Too Large");
                } else {
                    out = handleSafely(toGatewayRequest(req, body));
                }
            }
            res.setStatus(out.status());
            for (Header h : out.headers()) {
                res.addHeader(h.name(), h.value());
            }
            if (out.body().length > 0 && !req.getMethod().equals("HEAD")) {
                res.getOutputStream().write(out.body());
            }
        }

        /**
         * A client that sends the body without waiting for {@code 100 Continue} is still writing when the 413 goes
         * out; closing then resets the socket and the client may never read the answer. Reading a modest overflow
         * first makes the 413 arrive reliably; a huge declared body is refused without reading it.
         */
        private static void discardModestOverflow(HttpServletRequest req, long declared) throws IOException {
            if (declared <= DRAIN_LIMIT_BYTES && !"100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
                req.getInputStream().transferTo(OutputStream.nullOutputStream());
            }
        }

        private GatewayResponse handleSafely(GatewayRequest request) {
            try {
                return handle(request);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed in the gateway", request.method(), request.rawPath(), e);
                return GatewayResponse.message(500, "Internal Server Error");
            }
        }

        private GatewayRequest toGatewayRequest(HttpServletRequest req, byte[] body) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(Collections.list(req.getHeaders(name)));
            }
            return new GatewayRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(), headers, body,
                    req.getRemoteAddr(), req.getProtocol());
        }
    }
}
