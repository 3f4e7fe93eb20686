package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * What the brief e2e tests share: plain HTTP against the local API Gateway (as a browser or a mail scanner would),
 * tokens from the local sign-in, a valid brief body to vary, and reads of the table to prove what was (not) written.
 */
final class BriefHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Cold Lambda workers (Micronaut API, approval functions) take seconds; async hops add a little. */
    static final Duration LAMBDA = Duration.ofSeconds(120);
    static final String BRAND = "Acme";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern REVIEW_LINK = Pattern.compile("(https?://[^\\s/]+)(/review/[A-Za-z0-9_-]{43})");

    private final TestCloud cloud;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    BriefHttp(TestCloud cloud) {
        this.cloud = cloud;
    }

    /** A response with its body parsed when it is JSON. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The field names of the API's error list ({@code errors[].field}). */
        List<String> errorFields() {
            return json().path("errors").findValuesAsText("field");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    String token(String user, String role) {
        return cloud.cloud().apigateway().issueToken(user, List.of(role), List.of(BRAND));
    }

    Reply api(String method, String path, Object body, String token) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path))
                    .timeout(LAMBDA).header("Content-Type", "application/json")
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(text));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return reply(b.build());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    /** A plain GET without credentials (a reviewer's browser, or a mail scanner prefetching the link). */
    Reply get(String path) {
        return reply(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path)).timeout(LAMBDA).GET()
                .build());
    }

    /** The review page's form, posted the way a browser does (form-urlencoded). */
    Reply postForm(String path, Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return reply(HttpRequest.newBuilder(URI.create(cloud.cloud().apiEndpoint() + path)).timeout(LAMBDA)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build());
    }

    private Reply reply(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r);
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        }
    }

    /** A complete, valid brief for {@code POST /briefs}; tests change what they are about. */
    static ObjectNode brief(String title) {
        ObjectNode b = JSON.createObjectNode();
        b.put("title", title);
        b.putArray("objectives").add("Drive store visits");
        b.put("keyMessage", "Everything 20% off");
        b.put("audience", "Families");
        b.putArray("channels").add("web");
        b.putArray("regions").add("DE");
        b.putArray("deliverables").addObject().put("channel", "web").put("format", "banner")
                .put("spec", "1200x627").put("quantity", 1);
        b.putObject("brand").put("name", BRAND).put("guidelinesUrl", "https://brand.acme.example/guidelines");
        b.put("dueDate", LocalDate.now().plusDays(90).toString());
        return b;
    }

    /** Creates a brief through the API and returns it as stored (201 required). */
    JsonNode create(ObjectNode brief, String token) {
        Reply r = api("POST", "/briefs", brief, token);
        assertThat(r.status()).as("POST /briefs: %s", r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode read(String briefId, String token) {
        Reply r = api("GET", "/briefs/" + briefId, null, token);
        assertThat(r.status()).as("GET /briefs/%s: %s", briefId, r.body()).isEqualTo(200);
        return r.json();
    }

    /** The {@code /review/<nonce>} path of the link in a mail, and the origin the mail pointed at. */
    record Link(String origin, String path) {
        String nonce() {
            return path.substring("/review/".length());
        }
    }

    static Link reviewLink(List<String> links) {
        String all = String.join(" ", links);
        Matcher m = REVIEW_LINK.matcher(all);
        assertThat(m.find()).as("a review link among %s", links).isTrue();
        return new Link(m.group(1), m.group(2));
    }

    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF field in the page: %s", page).isTrue();
        return m.group(1);
    }

    /** The stored approval link of a nonce (the table knows it only by the nonce's SHA-256), or an empty map. */
    Map<String, AttributeValue> link(String nonce) {
        try (DynamoDbClient db = cloud.dynamodb()) {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(nonce.getBytes(StandardCharsets.US_ASCII)));
            return db.getItem(r -> r.tableName(table()).consistentRead(true).key(Map.of(
                    "PK", AttributeValue.fromS("LINK#" + hash), "SK", AttributeValue.fromS("META")))).item();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every item under a partition key (brief items, its audit chains, comments). */
    List<Map<String, AttributeValue>> items(String pk) {
        try (DynamoDbClient db = cloud.dynamodb()) {
            QueryRequest q = QueryRequest.builder().tableName(table()).consistentRead(true)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk",
                            AttributeValue.fromS(pk))).build();
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            db.queryPaginator(q).items().forEach(out::add);
            return out;
        }
    }

    /** Every item of the table with some attribute value containing {@code marker}. */
    List<Map<String, AttributeValue>> itemsMentioning(String marker) {
        try (DynamoDbClient db = cloud.dynamodb()) {
            List<Map<String, AttributeValue>> out = new ArrayList<>();
            db.scanPaginator(r -> r.tableName(table()).consistentRead(true)).items().forEach(item -> {
                if (item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(marker))) {
                    out.add(item);
                }
            });
            return out;
        }
    }

    String table() {
        return cloud.ref("DataTable");
    }

    static String sk(Map<String, AttributeValue> item) {
        return item.get("SK").s();
    }
}
