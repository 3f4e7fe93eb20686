package dam.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.aws.observe.Telemetry;
import dam.aws.AssetWiring;
import dam.aws.AwsClients;
import dam.core.DomainException;
import dam.core.FieldError;
import dam.core.asset.AssetService;
import dam.core.asset.NewAsset;
import dam.core.asset.NewUpload;
import dam.core.asset.UploadTicket;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.events.EventSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lambda for "Command Submit Version" on the bus: an integration's file becomes a new asset or the next version of
 * one, exactly like a browser upload from then on (the copy into the originals key starts asset-ingest). A command
 * that is off-schema, names an unknown asset, fails validation or points at an unusable source is answered with
 * "Command Rejected" and stores nothing; infrastructure failures throw so Lambda retries (the command id makes the
 * retry return the version created the first time).
 *
 * <p>Trust: integrations are authorised by IAM (who may put events on the bus and write under incoming/), like
 * "Command Create Brief"; {@code requestedBy} is recorded as the submitter.
 */
public final class SubmitVersionHandler implements RequestStreamHandler {

    /** Structured JSON logs + EMF metrics per invocation (dam.aws.observe). */
    private final Telemetry telemetry = new Telemetry("upload-tagging");

    public static final String DETAIL_TYPE = "Command Submit Version";
    static final String SOURCE = "dam.assets";

    private final AssetService assets;
    private final SourceFiles sources;
    private final EventPublisher events;
    private final EventSchemas schemas;
    private final ObjectMapper json;

    public SubmitVersionHandler() {
        this(new AssetWiring(new AwsClients()), new AwsClients());
    }

    private SubmitVersionHandler(AssetWiring w, AwsClients aws) {
        this(w.assets, new AwsSourceFiles(aws.s3(), w.originalsBucket), w.events, EventSchemas.load(), w.json);
    }

    public SubmitVersionHandler(AssetService assets, SourceFiles sources, EventPublisher events, EventSchemas schemas,
                                ObjectMapper json) {
        this.assets = assets;
        this.sources = sources;
        this.events = events;
        this.schemas = schemas;
        this.json = json;
    }

    /** What the function returns: the version created, or the reasons it was refused. */
    public record Outcome(String outcome, String assetId, Integer version, List<FieldError> reasons) {
    }

    record CommandRef(String detailType, String source, String eventId, String commandId) {
    }

    record RejectedDetail(int version, CommandRef command, List<FieldError> reasons) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = json.readTree(input);
        output.write(json.writeValueAsBytes(telemetry.run(context, event, log -> handle(event))));
    }

    Outcome handle(JsonNode event) {
        JsonNode detail = event.path("detail");
        String commandId = detail.hasNonNull("commandId") ? detail.get("commandId").asText()
                : event.path("id").asText(null);
        CommandRef ref = new CommandRef(event.path("detail-type").asText(DETAIL_TYPE), event.path("source").asText(null),
                event.path("id").asText(null), commandId);
        List<FieldError> violations = schemas.validate(DETAIL_TYPE, detail.toString()).stream()
                .map(v -> new FieldError(v.field(), "schema." + v.keyword(), v.message())).toList();
        if (!violations.isEmpty()) {
            return reject(ref, violations);
        }
        SourceFiles.Source source = new SourceFiles.Source(text(detail.path("source"), "incomingKey"),
                text(detail.path("source"), "url"));
        Principal submitter = new Principal(detail.get("requestedBy").asText(), null, Set.of(Role.ADMIN), Set.of());
        try {
            long size = sources.size(source);
            String contentType = detail.get("contentType").asText();
            NewUpload upload = new NewUpload(detail.get("fileName").asText(), contentType, size, commandId);
            UploadTicket t = assets.submit(submitter, text(detail, "assetId"), newAsset(detail.path("asset")), upload);
            if (t.version().state() == dam.core.asset.VersionState.UPLOADING) {
                sources.copy(source, t.version().originalKey(), t.version().declaredContentType(), size);
            }
            return new Outcome(t.created() || t.plan() == null ? "submitted" : "already-applied", t.asset().id(),
                    t.version().number(), List.of());
        } catch (SourceFiles.BadSource e) {
            return reject(ref, List.of(new FieldError("source", FieldError.Codes.INVALID, e.getMessage())));
        } catch (DomainException e) {
            return reject(ref, e.errors());
        }
    }

    private NewAsset newAsset(JsonNode a) {
        if (a.isMissingNode()) {
            return null;
        }
        List<String> keywords = new ArrayList<>();
        a.path("keywords").forEach(k -> keywords.add(k.asText()));
        return new NewAsset(text(a, "brand"), text(a, "briefId"), text(a, "campaign"), text(a, "channel"),
                text(a, "displayName"), text(a, "description"), keywords);
    }

    private Outcome reject(CommandRef ref, List<FieldError> reasons) {
        events.publish(new OutboundEvent(SOURCE, "Command Rejected", new RejectedDetail(1, ref, reasons)));
        return new Outcome("rejected", null, null, reasons);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
