package dam.local.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.edge.ServiceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local SES v2 (REST-JSON, SigV4 service name "ses"): SendEmail (Simple and Raw content) into a durable outbox on
 * disk, email identities (every identity counts as verified, and sending does not require one), GetAccount.
 *
 * <p>Validation follows SES: From, a recipient, Subject and a body part are required; at most 50 recipients; every
 * address must be a mailbox; charsets must exist and fit the data; 40 MB per message. Refused requests are
 * {@code BadRequestException} (400) / {@code MessageRejected} and store nothing. Not supported: Template content
 * (use Simple), suppression lists, configuration-set resources (any ConfigurationSetName is accepted and recorded),
 * sending quotas.
 *
 * <p>For people and tests: {@link #outboxJson} ({@code GET /_aws/ses}, LocalStack's shape), {@link #outboxPage}
 * ({@code /_dam/outbox}), {@link #messages()} and {@link #messagesTo(String)}. State: {@code stateDir/outbox/} and
 * {@code stateDir/identities.json}.
 */
public final class SesProvider implements ServiceProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SesProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/v2/email/";
    private static final int MAX_RECIPIENTS = 50;
    private static final long MAX_MESSAGE_BYTES = 40L * 1024 * 1024;
    /** Fixed width (millis always present), so timestamps sort as strings the way they sort in time. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_\\-.@:]{1,256}");

    private final Clock clock;
    private final Outbox outbox;
    private final Path identitiesFile;
    /** Identity name → creation time (epoch millis), sorted for stable listing. */
    private final Map<String, Long> identities = new TreeMap<>();

    /**
     * @param clock    stamps messages (the local cloud's clock, so tests see their frozen time)
     * @param stateDir the provider's directory; the outbox is {@code stateDir/outbox}
     */
    public SesProvider(Clock clock, Path stateDir) {
        this.clock = clock;
        this.outbox = new Outbox(stateDir.resolve("outbox"));
        this.identitiesFile = stateDir.resolve("identities.json");
        loadIdentities();
    }

    @Override
    public Set<String> serviceNames() {
        return Set.of("ses");
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String path = request.path();
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!path.startsWith(PREFIX)) {
            throw unsupported(method, path);
        }
        String rest = path.substring(PREFIX.length());
        ObjectNode out;
        if (rest.equals("outbound-emails") && method.equals("POST")) {
            out = sendEmail(body(request), request.region());
        } else if (rest.equals("identities") && method.equals("POST")) {
            out = createIdentity(body(request));
        } else if (rest.equals("list-identities") && method.equals("POST")) {
            JsonNode in = body(request);
            out = listIdentities(text(in, "NextToken"), in.path("PageSize").asText(null));
        } else if (rest.equals("identities") && method.equals("GET")) {
            Map<String, String> q = query(request.rawQuery());
            out = listIdentities(q.get("NextToken"), q.get("PageSize"));
        } else if (rest.startsWith("identities/") && rest.indexOf('/', "identities/".length()) < 0) {
            String name = URLDecoder.decode(rest.substring("identities/".length()), StandardCharsets.UTF_8);
            out = switch (method) {
                case "GET" -> getIdentity(name);
                case "DELETE" -> deleteIdentity(name);
                default -> throw unsupported(method, path);
            };
        } else if (rest.equals("account") && method.equals("GET")) {
            out = account();
        } else {
            throw unsupported(method, path);
        }
        return AwsResponse.json("application/json", out.toString());
    }

    // ---- SendEmail --------------------------------------------------------------------------------------------------

    private ObjectNode sendEmail(JsonNode in, String region) {
        JsonNode content = object(in, "Content");
        if (content == null) {
            throw SesErrors.badRequest("Missing required field Content.");
        }
        int kinds = (content.has("Simple") ? 1 : 0) + (content.has("Raw") ? 1 : 0) + (content.has("Template") ? 1 : 0);
        if (kinds != 1) {
            throw SesErrors.badRequest("Content must contain exactly one of Simple, Raw or Template.");
        }
        if (content.has("Template")) {
            throw SesErrors.badRequest("Template content is not supported by the local SES; send Simple content.");
        }
        String configurationSet = text(in, "ConfigurationSetName");
        Map<String, String> tags = tags(in);
        List<String> replyTo = checkedList(stringList(in, "ReplyToAddresses"), "ReplyToAddresses");
        JsonNode destination = object(in, "Destination");
        Instant now = clock.instant();
        String id = String.format("%016x-%s-000000", now.toEpochMilli(), UUID.randomUUID());
        OutboxMessage draft;
        byte[] eml;
        if (content.has("Simple")) {
            String from = Addresses.checked(text(in, "FromEmailAddress"), "FromEmailAddress");
            Recipients r = recipients(destination, null);
            JsonNode simple = object(content, "Simple");
            if (simple == null) {
                throw SesErrors.badRequest("Content.Simple must be an object.");
            }
            JsonNode subjectNode = object(simple, "Subject");
            if (subjectNode == null || text(subjectNode, "Data") == null) {
                throw SesErrors.badRequest("Missing required field Subject.");
            }
            Mime.Part subject = part(subjectNode, "Subject");
            JsonNode body = object(simple, "Body");
            Mime.Part text = body == null ? null : optionalPart(body, "Text");
            Mime.Part html = body == null ? null : optionalPart(body, "Html");
            if (text == null && html == null) {
                throw SesErrors.badRequest("Missing required field Body: give Body.Text, Body.Html or both.");
            }
            List<Mime.Header> headers = headers(simple);
            List<Mime.AttachmentPart> attachments = attachments(simple);
            draft = new OutboxMessage(id, 0, now, region, from, r.to, r.cc, r.bcc, replyTo, subject.data(),
                    text == null ? null : text.data(), html == null ? null : html.data(), configurationSet, tags,
                    false, attachments.stream().map(a -> new OutboxMessage.Attachment(a.fileName(),
                    a.contentType(), a.bytes().length)).toList());
            eml = Mime.render(draft, subject.charset(), text, html, headers, attachments);
            checkSize(eml.length);
        } else {
            JsonNode rawNode = object(content, "Raw");
            String data = rawNode == null ? null : text(rawNode, "Data");
            if (data == null || data.isEmpty()) {
                throw SesErrors.badRequest("Missing required field Content.Raw.Data.");
            }
            try {
                eml = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new AwsException("SerializationException", "Content.Raw.Data is not base64: "
                        + e.getMessage(), 400, e);
            }
            checkSize(eml.length);
            Mime.Parsed parsed = Mime.parse(eml);
            String fromField = text(in, "FromEmailAddress") != null ? "FromEmailAddress" : "the From header";
            String from = Addresses.checked(Optional.ofNullable(text(in, "FromEmailAddress"))
                    .orElse(parsed.first("from")), fromField);
            Recipients r = recipients(destination, parsed);
            draft = new OutboxMessage(id, 0, now, region, from, r.to, r.cc, r.bcc,
                    replyTo.isEmpty() ? parsed.addresses("reply-to") : replyTo, parsed.first("subject"),
                    parsed.text(), parsed.html(), configurationSet, tags, true, parsed.attachments());
        }
        OutboxMessage stored = outbox.append(draft, eml);
        LOG.info("ses: message {} from {} to {}: {}", stored.id(), stored.from(), stored.recipients(),
                stored.subject());
        ObjectNode out = JSON.createObjectNode();
        out.put("MessageId", stored.id());
        return out;
    }

    private record Recipients(List<String> to, List<String> cc, List<String> bcc) {
    }

    /** Destination wins; a Raw message without one is delivered to its To/Cc/Bcc headers, as SES does. */
    private static Recipients recipients(JsonNode destination, Mime.Parsed raw) {
        List<String> to = destination == null ? List.of() : stringList(destination, "ToAddresses");
        List<String> cc = destination == null ? List.of() : stringList(destination, "CcAddresses");
        List<String> bcc = destination == null ? List.of() : stringList(destination, "BccAddresses");
        String where = "Destination";
        if (raw != null && to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            to = raw.addresses("to");
            cc = raw.addresses("cc");
            bcc = raw.addresses("bcc");
            where = "the message headers";
        }
        int count = to.size() + cc.size() + bcc.size();
        if (count == 0) {
            throw SesErrors.badRequest("Missing required field Destination: at least one recipient is required in "
                    + where + ".");
        }
        if (count > MAX_RECIPIENTS) {
            throw SesErrors.badRequest("Recipient count exceeds " + MAX_RECIPIENTS + " (" + count + ").");
        }
        return new Recipients(checkedList(to, "ToAddresses"), checkedList(cc, "CcAddresses"),
                checkedList(bcc, "BccAddresses"));
    }

    private static List<String> checkedList(List<String> addresses, String field) {
        addresses.forEach(a -> Addresses.checked(a, field));
        return addresses;
    }

    private static Mime.Part optionalPart(JsonNode body, String field) {
        JsonNode n = object(body, field);
        return n == null ? null : part(n, "Body." + field);
    }

    /** A Content {Data, Charset}: the charset must exist and be able to carry the data. */
    private static Mime.Part part(JsonNode n, String field) {
        String data = text(n, "Data");
        if (data == null) {
            throw SesErrors.badRequest("Missing required field " + field + ".Data.");
        }
        String charsetName = text(n, "Charset");
        Charset charset = StandardCharsets.UTF_8;
        if (charsetName != null && !charsetName.isBlank()) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (IllegalArgumentException e) {
                throw SesErrors.badRequest("Unknown charset " + charsetName + " in " + field + ".");
            }
            if (!charset.newEncoder().canEncode(data)) {
                throw SesErrors.badRequest(field + ".Data has characters the charset " + charsetName
                        + " cannot represent.");
            }
        }
        return new Mime.Part(data, charset);
    }

    private static List<Mime.Header> headers(JsonNode simple) {
        List<Mime.Header> out = new ArrayList<>();
        for (JsonNode h : array(simple, "Headers")) {
            String name = text(h, "Name");
            String value = text(h, "Value");
            if (!Mime.isHeaderName(name) || value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw SesErrors.badRequest("Invalid header " + name + ": a header needs a token name and a "
                        + "single-line value.");
            }
            out.add(new Mime.Header(name, value));
        }
        return out;
    }

    private static List<Mime.AttachmentPart> attachments(JsonNode simple) {
        List<Mime.AttachmentPart> out = new ArrayList<>();
        for (JsonNode a : array(simple, "Attachments")) {
            String fileName = text(a, "FileName");
            String raw = text(a, "RawContent");
            if (fileName == null || fileName.isBlank() || raw == null) {
                throw SesErrors.badRequest("An attachment needs FileName and RawContent.");
            }
            if (fileName.chars().anyMatch(c -> c < 0x20)) {
                throw SesErrors.badRequest("Attachment FileName contains control characters.");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(raw);
            } catch (IllegalArgumentException e) {
                throw new AwsException("SerializationException", "Attachment RawContent is not base64", 400, e);
            }
            String type = Optional.ofNullable(text(a, "ContentType")).orElse("application/octet-stream");
            if (!type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
                throw SesErrors.badRequest("Invalid attachment ContentType " + type + ".");
            }
            String disposition = "INLINE".equalsIgnoreCase(text(a, "ContentDisposition")) ? "inline" : "attachment";
            String contentId = text(a, "ContentId");
            if (contentId != null && !contentId.matches("[!-;=?-~]+")) {
                throw SesErrors.badRequest("Invalid attachment ContentId.");
            }
            out.add(new Mime.AttachmentPart(fileName, type, disposition, contentId, bytes));
        }
        return out;
    }

    private static Map<String, String> tags(JsonNode in) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : array(in, "EmailTags")) {
            String name = text(t, "Name");
            String value = text(t, "Value");
            if (name == null || value == null || !TAG.matcher(name).matches() || !TAG.matcher(value).matches()) {
                throw SesErrors.badRequest("Invalid email tag " + name + "=" + value + ": names and values are 1-256 "
                        + "of A-Z a-z 0-9 _ - . @ :");
            }
            tags.put(name, value);
        }
        return tags;
    }

    private static void checkSize(long bytes) {
        if (bytes > MAX_MESSAGE_BYTES) {
            throw SesErrors.messageRejected("Message length is more than 40 MB: " + bytes + " bytes.");
        }
    }

    // ---- identities and account -------------------------------------------------------------------------------------

    /** Creates a verified identity (for the deployer's AWS::SES::EmailIdentity); false if it already existed. */
    public boolean createIdentity(String name) {
        checkIdentityName(name);
        synchronized (identities) {
            if (identities.containsKey(name)) {
                return false;
            }
            identities.put(name, clock.millis());
            saveIdentities();
            return true;
        }
    }

    private ObjectNode createIdentity(JsonNode in) {
        String name = text(in, "EmailIdentity");
        if (name == null || name.isBlank()) {
            throw SesErrors.badRequest("Missing required field EmailIdentity.");
        }
        if (!createIdentity(name)) {
            throw SesErrors.alreadyExists("Email identity " + name + " already exists.");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("IdentityType", identityType(name));
        out.put("VerifiedForSendingStatus", true);
        out.set("DkimAttributes", dkim(name));
        return out;
    }

    private ObjectNode getIdentity(String name) {
        synchronized (identities) {
            if (!identities.containsKey(name)) {
                throw SesErrors.notFound("Email identity " + name + " does not exist.");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("IdentityType", identityType(name));
        out.put("FeedbackForwardingStatus", true);
        out.put("VerifiedForSendingStatus", true);
        out.put("VerificationStatus", "SUCCESS");
        out.set("DkimAttributes", dkim(name));
        out.putObject("Policies");
        out.putArray("Tags");
        return out;
    }

    private ObjectNode deleteIdentity(String name) {
        synchronized (identities) {
            if (identities.remove(name) == null) {
                throw SesErrors.notFound("Email identity " + name + " does not exist.");
            }
            saveIdentities();
        }
        return JSON.createObjectNode();
    }

    private ObjectNode listIdentities(String nextToken, String pageSizeText) {
        int pageSize = 100;
        if (pageSizeText != null) {
            try {
                pageSize = Integer.parseInt(pageSizeText.trim());
            } catch (NumberFormatException e) {
                throw SesErrors.badRequest("PageSize must be a number, not " + pageSizeText + ".");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw SesErrors.badRequest("PageSize must be between 1 and 1000.");
            }
        }
        List<String> names;
        synchronized (identities) {
            names = List.copyOf(identities.keySet());
        }
        int start = 0;
        if (nextToken != null && !nextToken.isEmpty()) {
            // The token is the last name returned: stable while identities are added or removed between pages.
            String after = new String(decodeToken(nextToken), StandardCharsets.UTF_8);
            while (start < names.size() && names.get(start).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(names.size(), start + pageSize);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("EmailIdentities");
        for (String name : names.subList(start, end)) {
            list.addObject().put("IdentityType", identityType(name)).put("IdentityName", name)
                    .put("SendingEnabled", true).put("VerificationStatus", "SUCCESS");
        }
        if (end < names.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(names.get(end - 1).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static byte[] decodeToken(String token) {
        try {
            return Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw SesErrors.badRequest("Invalid NextToken.");
        }
    }

    private ObjectNode account() {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        long sent = outbox.all().stream().filter(m -> m.time().isAfter(since)).mapToLong(m -> m.recipients().size())
                .sum();
        ObjectNode out = JSON.createObjectNode();
        out.put("DedicatedIpAutoWarmupEnabled", false);
        out.put("EnforcementStatus", "HEALTHY");
        out.put("ProductionAccessEnabled", true);
        out.put("SendingEnabled", true);
        out.putObject("SendQuota").put("Max24HourSend", 1_000_000.0).put("MaxSendRate", 1000.0)
                .put("SentLast24Hours", (double) sent);
        out.putObject("SuppressionAttributes").putArray("SuppressedReasons");
        return out;
    }

    private static void checkIdentityName(String name) {
        boolean ok = name != null && (name.contains("@") ? Addresses.isBareAddress(name) : Addresses.isDomain(name));
        if (!ok) {
            throw SesErrors.badRequest("Invalid email identity " + name + ": give an email address or a domain.");
        }
    }

    private static String identityType(String name) {
        return name.contains("@") ? "EMAIL_ADDRESS" : "DOMAIN";
    }

    private static ObjectNode dkim(String name) {
        ObjectNode d = JSON.createObjectNode();
        boolean domain = !name.contains("@");
        d.put("SigningEnabled", domain);
        d.put("Status", domain ? "SUCCESS" : "NOT_STARTED");
        d.put("SigningAttributesOrigin", "AWS_SES");
        d.putArray("Tokens");
        return d;
    }

    private void loadIdentities() {
        if (!Files.exists(identitiesFile)) {
            return;
        }
        try {
            JSON.readTree(identitiesFile.toFile()).fields()
                    .forEachRemaining(e -> identities.put(e.getKey(), e.getValue().asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SES identities " + identitiesFile, e);
        }
    }

    private void saveIdentities() {
        ObjectNode n = JSON.createObjectNode();
        identities.forEach(n::put);
        new dam.local.events.StateFile(identitiesFile).write(n);
    }

    // ---- the outbox for people and tests ----------------------------------------------------------------------------

    /** Every message, in send order. */
    public List<OutboxMessage> messages() {
        return outbox.all();
    }

    /** Messages with {@code address} among To/Cc/Bcc (display names and case ignored), in send order. */
    public List<OutboxMessage> messagesTo(String address) {
        return outbox.all().stream().filter(m -> m.isFor(address)).toList();
    }

    public Optional<OutboxMessage> message(String id) {
        return outbox.byId(id);
    }

    /** Where the .json/.eml files are (for {@code ./dam} to print). */
    public Path outboxDir() {
        return outbox.dir();
    }

    /**
     * {@code GET /_aws/ses} as LocalStack serves it: {@code {"messages":[...]}} in send order. Filters: {@code id},
     * {@code email} (the sender, as in LocalStack) and, beyond LocalStack, {@code to} (a recipient).
     */
    public AwsResponse outboxJson(String rawQuery) {
        Map<String, String> q = query(rawQuery);
        String id = emptyToNull(q.get("id"));
        String source = emptyToNull(q.get("email"));
        String to = emptyToNull(q.get("to"));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("messages");
        for (OutboxMessage m : outbox.all()) {
            if ((id == null || m.id().equals(id)) && (source == null || Addresses.sameMailbox(m.from(), source))
                    && (to == null || m.isFor(to))) {
                list.add(localStackShape(m));
            }
        }
        return new AwsResponse(200, "application/json", Map.of("Cache-Control", "no-store"),
                out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode localStackShape(OutboxMessage m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Id", m.id());
        n.put("Region", m.region());
        ObjectNode d = n.putObject("Destination");
        addAll(d.putArray("ToAddresses"), m.to());
        if (!m.cc().isEmpty()) {
            addAll(d.putArray("CcAddresses"), m.cc());
        }
        if (!m.bcc().isEmpty()) {
            addAll(d.putArray("BccAddresses"), m.bcc());
        }
        n.put("Source", m.from());
        n.put("Subject", m.subject());
        ObjectNode body = n.putObject("Body");
        body.put("text_part", m.text());
        body.put("html_part", m.html());
        if (m.raw()) {
            outbox.eml(m.id()).ifPresent(b -> n.put("RawData", new String(b, StandardCharsets.UTF_8)));
        }
        n.put("Timestamp", TIMESTAMP.format(m.time()));
        return n;
    }

    /**
     * The outbox for people: {@code /_dam/outbox} lists messages newest first ({@code ?to=} narrows to a
     * recipient), {@code /_dam/outbox/{id}} shows one, {@code /_dam/outbox/{id}.eml} downloads its MIME.
     *
     * @param path     the request path, starting with {@code /_dam/outbox}
     * @param rawQuery the query string or null
     */
    public AwsResponse outboxPage(String path, String rawQuery) {
        String rest = path.replaceFirst("^/_dam/outbox/?", "");
        if (rest.isEmpty()) {
            String to = emptyToNull(query(rawQuery).get("to"));
            List<OutboxMessage> shown = new ArrayList<>(to == null ? messages() : messagesTo(to));
            shown.sort(Comparator.comparing(OutboxMessage::time).thenComparingLong(OutboxMessage::seq).reversed());
            return html(200, OutboxPages.list(shown, to));
        }
        String id = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        if (id.endsWith(".eml")) {
            String messageId = id.substring(0, id.length() - ".eml".length());
            Optional<byte[]> eml = outbox.byId(messageId).flatMap(m -> outbox.eml(m.id()));
            if (eml.isPresent()) {
                return new AwsResponse(200, "message/rfc822", Map.of("Content-Disposition",
                        "attachment; filename=\"" + messageId.replaceAll("[^A-Za-z0-9-]", "") + ".eml\"",
                        "X-Content-Type-Options", "nosniff"), eml.get());
            }
            return html(404, OutboxPages.notFound(messageId));
        }
        return outbox.byId(id).map(m -> html(200, OutboxPages.message(m)))
                .orElseGet(() -> html(404, OutboxPages.notFound(id)));
    }

    private static AwsResponse html(int status, String page) {
        return new AwsResponse(status, "text/html; charset=utf-8", Map.of(
                "Content-Security-Policy", OutboxPages.CSP,
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-store"), page.getBytes(StandardCharsets.UTF_8));
    }

    // ---- request helpers --------------------------------------------------------------------------------------------

    private static JsonNode body(AwsRequest request) {
        if (request.body() == null || request.body().length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode n;
        try {
            n = JSON.readTree(request.body());
        } catch (IOException e) {
            throw new AwsException("SerializationException", "Malformed JSON request body: "
                    + e.getMessage().lines().findFirst().orElse(""), 400, e);
        }
        if (n == null || !n.isObject()) {
            throw new AwsException("SerializationException", "The request body must be a JSON object", 400);
        }
        return n;
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new AwsException("SerializationException", field + " must be a JSON object", 400);
        }
        return v;
    }

    private static List<JsonNode> array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new AwsException("SerializationException", field + " must be a JSON array", 400);
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private static List<String> stringList(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array(n, field)) {
            if (!v.isTextual()) {
                throw new AwsException("SerializationException", field + " must hold strings", 400);
            }
            out.add(v.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AwsException("SerializationException", field + " must be a string", 400);
        }
        return v.asText();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void addAll(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static AwsException unsupported(String method, String path) {
        return new AwsException("NotImplemented", "The local SES does not implement " + method + " " + path, 501);
    }
}
