package dam.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.dynamodb.DynamoDbProvider;
import dam.local.edge.AwsException;
import dam.local.edge.AwsRequest;
import dam.local.edge.AwsResponse;
import dam.local.events.EventsProvider;
import dam.local.lambda.EventSourceMappings;
import dam.local.lambda.FunctionConfig;
import dam.local.lambda.LambdaProvider;
import dam.local.s3.S3Provider;
import dam.local.scheduler.SchedulerProvider;
import dam.local.sqs.SqsProvider;
import dam.local.states.StatesProvider;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each CloudFormation resource type the product uses becomes real in the local providers. Most go through the
 * provider's public AWS API (the same contract the SDK uses), so a redeploy is an idempotent upsert.
 */
public final class LocalResources {

    private static final Logger LOG = LoggerFactory.getLogger(LocalResources.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SQS_ATTRIBUTES = Set.of("DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "RedrivePolicy");

    private final S3Provider s3;
    private final JsonApi dynamodb;
    private final JsonApi events;
    private final JsonApi sqs;
    private final SchedulerProvider scheduler;
    private final LambdaProvider lambda;
    private final JsonApi states;
    private final EventSourceMappings eventSourceMappings;

    public LocalResources(S3Provider s3, DynamoDbProvider dynamodb, EventsProvider events, SqsProvider sqs,
                          SchedulerProvider scheduler, LambdaProvider lambda, StatesProvider states,
                          EventSourceMappings eventSourceMappings) {
        this.s3 = s3;
        this.dynamodb = new JsonApi(dynamodb, "dynamodb", "DynamoDB_20120810", "application/x-amz-json-1.0");
        this.events = new JsonApi(events, "events", "AWSEvents", "application/x-amz-json-1.1");
        this.sqs = new JsonApi(sqs, "sqs", "AmazonSQS", "application/x-amz-json-1.0");
        this.scheduler = scheduler;
        this.lambda = lambda;
        this.states = new JsonApi(states, "states", "AWSStepFunctions", "application/x-amz-json-1.0");
        this.eventSourceMappings = eventSourceMappings;
    }

    public Map<String, ResourceHandler> handlers() {
        Map<String, ResourceHandler> h = new LinkedHashMap<>();
        h.put("AWS::S3::Bucket", this::bucket);
        h.put("Custom::S3BucketNotifications", this::bucketNotifications);
        h.put("AWS::DynamoDB::Table", this::table);
        h.put("AWS::SQS::Queue", this::queue);
        h.put("AWS::Events::EventBus", this::eventBus);
        h.put("AWS::Events::Rule", this::rule);
        h.put("AWS::Events::Archive", this::archive);
        h.put("AWS::Lambda::Function", this::function);
        h.put("AWS::Lambda::EventInvokeConfig", this::eventInvokeConfig);
        h.put("AWS::Lambda::Version", this::versionOrAlias);
        h.put("AWS::Lambda::Alias", this::versionOrAlias);
        h.put("AWS::Lambda::EventSourceMapping", this::eventSourceMapping);
        h.put("AWS::Scheduler::ScheduleGroup", this::scheduleGroup);
        h.put("AWS::StepFunctions::StateMachine", this::stateMachine);
        return h;
    }

    /** Lets a later capability (e.g. Step Functions) add its resource types. */
    public static Map<String, ResourceHandler> with(Map<String, ResourceHandler> base, String type,
                                                    ResourceHandler handler) {
        Map<String, ResourceHandler> all = new LinkedHashMap<>(base);
        all.put(type, handler);
        return all;
    }

    private Resolved bucket(String id, JsonNode p, DeployContext ctx) {
        String name = p.path("BucketName").asText(ctx.physicalName(id, 63, true));
        s3.ensureBucket(name);
        s3.putVersioning(name, "Enabled".equals(p.path("VersioningConfiguration").path("Status").asText()));
        if (p.path("NotificationConfiguration").path("EventBridgeConfiguration").path("EventBridgeEnabled")
                .asBoolean(false)) {
            s3.setEventBridgeEnabled(name, true);
        }
        return new Resolved(name, Map.of("Arn", "arn:aws:s3:::" + name, "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + ctx.region() + ".amazonaws.com",
                "WebsiteURL", "http://" + name + ".s3-website-" + ctx.region() + ".amazonaws.com"));
    }

    /** CDK's custom resource for {@code eventBridgeEnabled}: AWS runs a Python handler, we apply it directly. */
    private Resolved bucketNotifications(String id, JsonNode p, DeployContext ctx) {
        String bucket = p.path("BucketName").asText();
        s3.setEventBridgeEnabled(bucket, p.path("NotificationConfiguration").has("EventBridgeConfiguration"));
        return new Resolved(id, Map.of());
    }

    private Resolved table(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("TableName").asText(ctx.physicalName(id, 255, false));
        ObjectNode req = JSON.createObjectNode();
        req.put("TableName", name);
        req.set("KeySchema", p.path("KeySchema"));
        req.set("AttributeDefinitions", p.path("AttributeDefinitions"));
        req.put("BillingMode", p.path("BillingMode").asText("PROVISIONED"));
        if (p.has("ProvisionedThroughput")) {
            req.set("ProvisionedThroughput", p.get("ProvisionedThroughput"));
        }
        if (p.has("GlobalSecondaryIndexes")) {
            ArrayNode gsis = req.putArray("GlobalSecondaryIndexes");
            p.get("GlobalSecondaryIndexes").forEach(g -> {
                ObjectNode copy = g.deepCopy();
                copy.remove("ContributorInsightsSpecification");
                gsis.add(copy);
            });
        }
        if (p.has("LocalSecondaryIndexes")) {
            req.set("LocalSecondaryIndexes", p.get("LocalSecondaryIndexes"));
        }
        if (p.has("StreamSpecification")) {
            req.putObject("StreamSpecification").put("StreamEnabled", true)
                    .put("StreamViewType", p.path("StreamSpecification").path("StreamViewType").asText());
        }
        if (dynamodb.callIgnoring("CreateTable", req, "ResourceInUseException") == null) {
            LOG.info("table {} exists; keeping it (schema changes are not migrated locally)", name);
            if (req.has("StreamSpecification") && !dynamodb.call("DescribeTable", JSON.createObjectNode()
                    .put("TableName", name)).path("Table").has("StreamSpecification")) {
                // state from before the template (or the local cloud) had a stream: turn it on, as an update would
                ObjectNode enable = JSON.createObjectNode().put("TableName", name);
                enable.set("StreamSpecification", req.get("StreamSpecification"));
                dynamodb.call("UpdateTable", enable);
            }
        }
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            ObjectNode ttlReq = JSON.createObjectNode().put("TableName", name);
            ttlReq.putObject("TimeToLiveSpecification").put("AttributeName", ttl.path("AttributeName").asText())
                    .put("Enabled", true);
            dynamodb.callIgnoring("UpdateTimeToLive", ttlReq, "ValidationException");
        }
        JsonNode table = dynamodb.call("DescribeTable", JSON.createObjectNode().put("TableName", name)).path("Table");
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("Arn", table.path("TableArn").asText(ctx.arn("dynamodb", "table/" + name)));
        if (table.hasNonNull("LatestStreamArn")) {
            attrs.put("StreamArn", table.path("LatestStreamArn").asText());
        }
        return new Resolved(name, attrs);
    }

    private Resolved queue(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("QueueName").asText(ctx.physicalName(id, 80, false));
        ObjectNode req = JSON.createObjectNode().put("QueueName", name);
        ObjectNode attributes = req.putObject("Attributes");
        p.fields().forEachRemaining(e -> {
            if (SQS_ATTRIBUTES.contains(e.getKey())) {
                attributes.put(e.getKey(), e.getValue().isContainerNode() ? e.getValue().toString()
                        : e.getValue().asText());
            }
        });
        String url = sqs.call("CreateQueue", req).path("QueueUrl").asText();
        return new Resolved(url, Map.of("Arn", SqsProvider.arn(name), "QueueName", name, "QueueUrl", url));
    }

    private Resolved eventBus(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("Name").asText();
        events.callIgnoring("CreateEventBus", JSON.createObjectNode().put("Name", name),
                "ResourceAlreadyExistsException");
        String arn = ctx.arn("events", "event-bus/" + name);
        return new Resolved(name, Map.of("Arn", arn, "Name", name));
    }

    private Resolved rule(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("Name").asText(ctx.physicalName(id, 64, false));
        String bus = p.path("EventBusName").asText("default");
        String busName = bus.contains("/") ? bus.substring(bus.lastIndexOf('/') + 1) : bus;
        ObjectNode put = JSON.createObjectNode().put("Name", name).put("EventBusName", busName)
                .put("State", p.path("State").asText("ENABLED"));
        if (p.has("EventPattern")) {
            put.put("EventPattern", p.get("EventPattern").isTextual() ? p.get("EventPattern").asText()
                    : p.get("EventPattern").toString());
        }
        if (p.has("ScheduleExpression")) {
            put.put("ScheduleExpression", p.get("ScheduleExpression").asText());
        }
        if (p.has("Description")) {
            put.put("Description", p.get("Description").asText());
        }
        events.call("PutRule", put);
        if (p.has("Targets")) {
            ObjectNode targets = JSON.createObjectNode().put("Rule", name).put("EventBusName", busName);
            targets.set("Targets", p.get("Targets"));
            JsonNode out = events.call("PutTargets", targets);
            if (out.path("FailedEntryCount").asInt(0) > 0) {
                throw new DeployException("targets of rule " + name + " refused: " + out.path("FailedEntries"));
            }
        }
        String arn = ctx.arn("events", "rule/" + (busName.equals("default") ? "" : busName + "/") + name);
        return new Resolved(name, Map.of("Arn", arn));
    }

    private Resolved archive(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("ArchiveName").asText(ctx.physicalName(id, 48, false));
        ObjectNode req = JSON.createObjectNode().put("ArchiveName", name)
                .put("EventSourceArn", p.path("SourceArn").asText());
        if (p.has("EventPattern")) {
            req.put("EventPattern", p.get("EventPattern").toString());
        }
        if (p.has("RetentionDays")) {
            req.put("RetentionDays", p.get("RetentionDays").asInt());
        }
        events.callIgnoring("CreateArchive", req, "ResourceAlreadyExistsException");
        return new Resolved(name, Map.of("Arn", ctx.arn("events", "archive/" + name), "ArchiveName", name));
    }

    private Resolved function(String id, JsonNode p, DeployContext ctx) {
        String name = p.path("FunctionName").asText(ctx.physicalName(id, 64, false));
        JsonNode code = p.path("Code");
        String runtime = p.path("Runtime").asText("");
        if (code.has("ZipFile") || !runtime.startsWith("java")) {
            // CDK's inline helper functions (e.g. the bucket-notification handler) back custom resources that the
            // deployer applies itself.
            LOG.info("skipping {} ({}, inline={}): its custom resource is applied by the local cloud", id, runtime,
                    code.has("ZipFile"));
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        p.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(),
                e.getValue().asText()));
        FunctionConfig.Builder config = FunctionConfig.builder(name, ctx.asset(code.path("S3Key").asText()),
                        p.path("Handler").asText())
                .runtime(runtime)
                .environment(env)
                .memoryMb(p.path("MemorySize").asInt(128))
                .timeoutSeconds(p.path("Timeout").asInt(3));
        if (p.has("ReservedConcurrentExecutions")) {
            // A cap sized for AWS (e.g. ingest's 20) must not start 20 worker JVMs on a laptop: the lower one wins.
            config.maxWorkers(Math.max(1, Math.min(FunctionConfig.DEFAULT_MAX_WORKERS,
                    p.get("ReservedConcurrentExecutions").asInt())));
        }
        if (p.path("DeadLetterConfig").has("TargetArn")) {
            config.deadLetterArn(p.path("DeadLetterConfig").path("TargetArn").asText());
        }
        // Keep the async settings an EventInvokeConfig applied on an earlier deploy until it is applied again.
        lambda.function(name).ifPresent(old -> config.maximumRetryAttempts(old.maximumRetryAttempts())
                .onFailureArn(old.onFailureArn()));
        lambda.deploy(config.build());
        return new Resolved(name, Map.of("Arn", LambdaProvider.functionArn(name)));
    }

    private Resolved eventInvokeConfig(String id, JsonNode p, DeployContext ctx) {
        String function = p.path("FunctionName").asText();
        FunctionConfig current = lambda.function(function).orElseThrow(() -> new DeployException(
                "EventInvokeConfig for unknown function " + function));
        FunctionConfig.Builder updated = current.toBuilder();
        if (p.has("MaximumRetryAttempts")) {
            updated.maximumRetryAttempts(p.get("MaximumRetryAttempts").asInt());
        }
        JsonNode onFailure = p.path("DestinationConfig").path("OnFailure").path("Destination");
        if (onFailure.isTextual()) {
            updated.onFailureArn(onFailure.asText());
        }
        lambda.deploy(updated.build());
        return new Resolved(function + ":" + p.path("Qualifier").asText("$LATEST"), Map.of());
    }

    /**
     * SnapStart versions and the {@code live} alias: the local cloud serves {@code $LATEST} only, so a version or an
     * alias <em>is</em> its function here — its Ref and ARN attributes resolve to the unqualified function ARN, and
     * rules, state machines, API routes and schedules that target the alias invoke the function.
     */
    private Resolved versionOrAlias(String id, JsonNode p, DeployContext ctx) {
        String function = p.path("FunctionName").asText();
        FunctionConfig config = lambda.function(function).orElseThrow(() -> new DeployException(
                "version/alias " + id + " of unknown function " + function));
        String arn = LambdaProvider.functionArn(config.name());
        return new Resolved(arn, Map.of("Version", "$LATEST", "FunctionArn", arn, "AliasArn", arn));
    }

    /**
     * A stream → function mapping; its properties have the API's names. A redeploy updates the mapping between the
     * same function and stream (its checkpoint is kept).
     */
    private Resolved eventSourceMapping(String id, JsonNode p, DeployContext ctx) {
        String uuid = eventSourceMappings.upsert(p);
        return new Resolved(uuid, Map.of("Id", uuid, "EventSourceMappingArn", EventSourceMappings.arn(uuid)));
    }

    /** Definition inline or as a CDK asset (DefinitionBody.fromFile), with DefinitionSubstitutions applied. */
    private Resolved stateMachine(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("StateMachineName").asText(ctx.physicalName(id, 80, false));
        String definition;
        if (p.has("DefinitionString")) {
            definition = p.get("DefinitionString").asText();
        } else if (p.has("Definition")) {
            definition = p.get("Definition").toString();
        } else if (p.has("DefinitionS3Location")) {
            definition = java.nio.file.Files.readString(ctx.asset(p.path("DefinitionS3Location").path("Key")
                    .asText()));
        } else {
            throw new DeployException("state machine " + id + " has no definition");
        }
        var substitutions = p.path("DefinitionSubstitutions").fields();
        while (substitutions.hasNext()) {
            var e = substitutions.next();
            definition = definition.replace("${" + e.getKey() + "}", e.getValue().asText());
        }
        String role = p.path("RoleArn").asText(ctx.arn("iam", "role/" + name));
        String arn = ctx.arn("states", "stateMachine:" + name);
        ObjectNode create = JSON.createObjectNode().put("name", name).put("definition", definition)
                .put("roleArn", role).put("type", p.path("StateMachineType").asText("STANDARD"));
        if (states.callIgnoring("CreateStateMachine", create, "StateMachineAlreadyExists") == null) {
            states.call("UpdateStateMachine", JSON.createObjectNode().put("stateMachineArn", arn)
                    .put("definition", definition).put("roleArn", role));
        }
        return new Resolved(arn, Map.of("Arn", arn, "Name", name, "StateMachineRevisionId", "local"));
    }

    private Resolved scheduleGroup(String id, JsonNode p, DeployContext ctx) throws Exception {
        String name = p.path("Name").asText(ctx.physicalName(id, 64, false));
        AwsRequest req = new AwsRequest("POST", "/schedule-groups/" + name, null,
                Map.of("content-type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8),
                "scheduler", ctx.region(), null);
        try {
            AwsResponse res = scheduler.handle(req);
            if (res.status() >= 300 && res.status() != 409) {
                throw new DeployException("cannot create schedule group " + name + ": "
                        + new String(res.body(), StandardCharsets.UTF_8));
            }
        } catch (AwsException e) {
            if (!e.code().equals("ConflictException")) {
                throw e;
            }
        }
        String arn = ctx.arn("scheduler", "schedule-group/" + name);
        return new Resolved(name, Map.of("Arn", arn));
    }
}
