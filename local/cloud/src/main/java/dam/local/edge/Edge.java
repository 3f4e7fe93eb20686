package dam.local.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.local.s3.S3Provider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The one LocalStack-compatible endpoint (127.0.0.1:4566). Routes like LocalStack: the SigV4 credential scope's
 * service name, then X-Amz-Target, then the path; S3 is the fallback (browsers' presigned URLs carry the scope in the
 * query). Errors always come back in the request's protocol — never a hang or a stack trace.
 */
public final class Edge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BUFFERED_BODY = 64 * 1024 * 1024;

    /** Local-only endpoints under {@code /_dam/} and {@code /_localstack/} (health, outbox, inspection). */
    public interface InternalRoute {
        AwsResponse handle(HttpServletRequest request) throws Exception;
    }

    private final Server server;
    private final S3Provider s3;
    private final Map<String, ServiceProvider> byService = new HashMap<>();
    private final Map<String, ServiceProvider> byTarget = new HashMap<>();
    private final Map<String, InternalRoute> internal = new LinkedHashMap<>();

    public Edge(String host, int port, S3Provider s3, List<ServiceProvider> providers) {
        this.s3 = s3;
        for (ServiceProvider p : providers) {
            p.serviceNames().forEach(s -> byService.put(s, p));
            p.targetPrefixes().forEach(t -> byTarget.put(t, p));
        }
        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setName("edge");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // S3 keys may hold characters strict URI compliance rejects; S3Proxy runs with the same settings.
        http.setHttpCompliance(HttpCompliance.LEGACY);
        http.setUriCompliance(UriCompliance.LEGACY);
        http.setSendServerVersion(false);
        // Keep header values byte-exact: SigV4 signs them, and the header cache would normalise their case.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Router()), "/*");
        server.setHandler(context);
    }

    /** Registers a local-only route, matched by path prefix (e.g. "/_dam/outbox"). */
    public Edge route(String pathPrefix, InternalRoute route) {
        internal.put(pathPrefix, route);
        return this;
    }

    public Edge start() throws Exception {
        server.start();
        return this;
    }

    public URI endpoint() {
        ServerConnector c = (ServerConnector) server.getConnectors()[0];
        return URI.create("http://" + c.getHost() + ":" + c.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Service name from the SigV4 credential scope (header or presigned query), or null. */
    static String scopeService(String authorization, String query) {
        String credential = null;
        if (authorization != null && authorization.startsWith("AWS4-HMAC-SHA256")) {
            int i = authorization.indexOf("Credential=");
            if (i >= 0) {
                int end = authorization.indexOf(',', i);
                credential = authorization.substring(i + "Credential=".length(), end < 0 ? authorization.length()
                        : end);
            }
        } else if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("X-Amz-Credential=")) {
                    credential = java.net.URLDecoder.decode(part.substring("X-Amz-Credential=".length()),
                            StandardCharsets.UTF_8);
                }
            }
        }
        if (credential == null) {
            return null;
        }
        String[] scope = credential.trim().split("/");
        return scope.length >= 5 ? scope[3] : null;
    }

    static String regionOf(String authorization) {
        if (authorization == null) {
            return "us-east-1";
        }
        int i = authorization.indexOf("Credential=");
        if (i < 0) {
            return "us-east-1";
        }
        String[] scope = authorization.substring(i + "Credential=".length()).split("[/,]");
        return scope.length >= 3 ? scope[2] : "us-east-1";
    }

    private final class Router extends HttpServlet {

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String path = req.getRequestURI();
            try {
                for (Map.Entry<String, InternalRoute> e : internal.entrySet()) {
                    if (path.startsWith(e.getKey())) {
                        write(res, e.getValue().handle(req));
                        return;
                    }
                }
                String target = req.getHeader("X-Amz-Target");
                String service = scopeService(req.getHeader("Authorization"), req.getQueryString());
                ServiceProvider provider = service == null ? null : byService.get(service);
                if (provider == null && target != null) {
                    int dot = target.indexOf('.');
                    provider = byTarget.get(dot < 0 ? target : target.substring(0, dot));
                    if (provider == null && service == null) {
                        throw AwsException.unknownOperation(target);
                    }
                }
                if (provider == null && service == null) {
                    provider = byPath(path);
                }
                if (provider == null) {
                    if (service == null || service.equals("s3")) {
                        s3.service(req, res);
                        return;
                    }
                    throw new AwsException("NotImplemented",
                            "The local cloud does not provide the service '" + service + "'", 501);
                }
                AwsRequest request = buffer(req, service, target);
                write(res, provider.handle(request));
            } catch (AwsException e) {
                writeError(req, res, e);
            } catch (Exception e) {
                LOG.error("{} {} failed", req.getMethod(), path, e);
                writeError(req, res, new AwsException("InternalFailure",
                        "The local cloud failed to process the request: " + e, 500, e));
            }
        }

        private ServiceProvider byPath(String path) {
            if (path.startsWith("/2015-03-31/functions")) {
                return byService.get("lambda");
            }
            if (path.startsWith("/schedules") || path.startsWith("/schedule-groups")) {
                return byService.get("scheduler");
            }
            if (path.startsWith("/v2/email")) {
                return byService.get("ses");
            }
            return null;
        }

        private AwsRequest buffer(HttpServletRequest req, String service, String target) throws IOException {
            byte[] body = req.getInputStream().readNBytes(MAX_BUFFERED_BODY + 1);
            if (body.length > MAX_BUFFERED_BODY) {
                throw new AwsException("RequestEntityTooLargeException", "Request body is too large", 413);
            }
            String contentType = req.getContentType();
            if (contentType != null && contentType.startsWith("application/x-amz-json") && body.length > 0) {
                try {
                    JSON.readTree(body);
                } catch (IOException e) {
                    // Refused before any provider sees it, so nothing can be half-applied.
                    throw AwsException.serialization("Start of structure or map found where not expected, or the "
                            + "body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            Map<String, List<String>> headers = new HashMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(req.getHeaders(name))));
            }
            String operation = null;
            if (target != null) {
                int dot = target.indexOf('.');
                operation = dot < 0 ? target : target.substring(dot + 1);
            }
            String svc = service != null ? service : target != null ? target : "";
            return new AwsRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(),
                    Collections.unmodifiableMap(headers), body, svc, regionOf(req.getHeader("Authorization")),
                    operation);
        }

        private void write(HttpServletResponse res, AwsResponse response) throws IOException {
            res.setStatus(response.status());
            if (response.contentType() != null) {
                res.setContentType(response.contentType());
            }
            response.headers().forEach(res::setHeader);
            // Keep a provider's own request id (Lambda's must match its REPORT line and async status).
            if (response.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("x-amzn-RequestId"))) {
                res.setHeader("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            }
            res.setContentLength(response.body().length);
            res.getOutputStream().write(response.body());
        }

        private void writeError(HttpServletRequest req, HttpServletResponse res, AwsException e) throws IOException {
            String contentType = req.getContentType();
            boolean json = req.getHeader("X-Amz-Target") != null
                    || (contentType != null && contentType.contains("json"))
                    || req.getRequestURI().startsWith("/_")
                    || !"s3".equals(scopeService(req.getHeader("Authorization"), req.getQueryString()))
                    && scopeService(req.getHeader("Authorization"), req.getQueryString()) != null;
            if (!json) {
                dam.local.s3.S3Errors.write(res, e.status(), e.code(), e.getMessage(), req.getRequestURI());
                return;
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("__type", e.code());
            body.put("message", e.getMessage());
            res.setStatus(e.status());
            res.setHeader("x-amzn-ErrorType", e.code());
            res.setContentType(contentType != null && contentType.startsWith("application/x-amz-json")
                    ? contentType : "application/json");
            res.getOutputStream().write(JSON.writeValueAsBytes(body));
        }
    }
}
