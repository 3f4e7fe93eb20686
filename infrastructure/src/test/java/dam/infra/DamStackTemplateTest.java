package dam.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The dev-stage template, synthesized once through {@link DamApp#synth} (the same path as ./dam synth). */
class DamStackTemplateTest {

    @TempDir
    static Path repo;

    static LambdaArtifacts artifacts;
    static CloudAssembly assembly;
    static Template template;
    static Map<String, Object> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        long start = System.nanoTime();
        assembly = DamApp.synth(repo, artifacts);
        System.out.printf("synth (dev) took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        Map<String, Object> json = (Map<String, Object>) assembly.getStackByName(DamStack.STACK_NAME).getTemplate();
        template = Template.fromJSON(json);
        resources = (Map<String, Object>) json.get("Resources");
    }

    @Test
    void writesTemplateAndJarAssetToTheOutputDirectory() throws IOException {
        Path out = Path.of(assembly.getDirectory());
        if (System.getenv("CDK_OUTDIR") == null) {
            assertEquals(repo.resolve("cdk.out").toRealPath(), out.toRealPath());
        }
        assertTrue(Files.isRegularFile(out.resolve("Dam.template.json")));
        Map<String, Object> function = resource(onlyLogicalId("AWS::Lambda::Function", "BriefIntake"));
        String assetPath = (String) metadata(function).get("aws:asset:path");
        assertTrue(assetPath.endsWith(".jar"), assetPath);
        assertArrayEquals(Files.readAllBytes(artifacts.jar("brief-intake")), Files.readAllBytes(out.resolve(assetPath)));
    }

    @Test
    void bucketsArePrivateEncryptedAndOriginalsVersionedWithEventBridge() {
        Map<String, Object> privateEncrypted = Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of(
                        "BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        template.resourceCountIs("AWS::S3::Bucket", 5);
        assertEquals(5, template.findResources("AWS::S3::Bucket",
                Map.of("Properties", Match.objectLike(privateEncrypted))).size());

        Map<String, Object> originals = properties(onlyLogicalId("AWS::S3::Bucket", "StorageOriginals"));
        assertEquals(Map.of("Status", "Enabled"), originals.get("VersioningConfiguration"));
        assertTrue(originals.containsKey("LoggingConfiguration"), "originals has server access logs");
        Map<String, Object> derivatives = properties(onlyLogicalId("AWS::S3::Bucket", "StorageDerivatives"));
        assertFalse(derivatives.containsKey("VersioningConfiguration"));
        assertTrue(derivatives.containsKey("LoggingConfiguration"), "derivatives has server access logs");

        // eventBridgeEnabled is applied by CDK's custom resource, on the originals bucket only.
        template.hasResourceProperties("Custom::S3BucketNotifications", Map.of(
                "BucketName", Map.of("Ref", onlyLogicalId("AWS::S3::Bucket", "StorageOriginals")),
                "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of())));
        template.resourceCountIs("Custom::S3BucketNotifications", 1);
    }

    @Test
    void everyBucketPolicyDeniesNonTlsRequests() {
        for (String bucket : List.of("StorageOriginals", "StorageDerivatives", "StorageAccessLogs", "ConsoleFiles",
                "ConsoleCdnLogs")) {
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                    "Bucket", Map.of("Ref", onlyLogicalId("AWS::S3::Bucket", bucket)),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        }
    }

    @Test
    void tableHasKeysGsiStreamTtlPitrAndOnDemand() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "dam",
                "KeySchema", List.of(Map.of("AttributeName", "PK", "KeyType", "HASH"),
                        Map.of("AttributeName", "SK", "KeyType", "RANGE")),
                "BillingMode", "PAY_PER_REQUEST",
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "GlobalSecondaryIndexes", List.of(Map.of(
                        "IndexName", "GSI1",
                        "KeySchema", List.of(Map.of("AttributeName", "GSI1PK", "KeyType", "HASH"),
                                Map.of("AttributeName", "GSI1SK", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL")))));
        // dev: disposable, no deletion protection
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false))));
    }

    @Test
    void briefIntakeFunctionIsJava21WithHandlerEnvTracingAndJsonLogs() {
        String table = onlyLogicalId("AWS::DynamoDB::Table", "DataTable");
        String bus = onlyLogicalId("AWS::Events::EventBus", "EventsBus");
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dam.intake.BriefIntakeHandler::handleRequest",
                "Architectures", List.of("x86_64"),
                "MemorySize", 768, // measured: dam.bench.MemoryReport
                "Timeout", 30,
                "TracingConfig", Map.of("Mode", "Active"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON",
                        "LogGroup", Map.of("Ref", onlyLogicalId("AWS::Logs::LogGroup", "BriefIntake")))),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TABLE_NAME", Map.of("Ref", table),
                        "EVENT_BUS_NAME", Map.of("Ref", bus),
                        "DAM_STAGE", "dev")))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void failedAsyncInvocationsGoToTheFunctionsDeadLetterQueue() {
        String queue = onlyLogicalId("AWS::SQS::Queue", "BriefIntake");
        String function = onlyLogicalId("AWS::Lambda::Function", "BriefIntake");
        assertEquals(Map.of("TargetArn", Map.of("Fn::GetAtt", List.of(queue, "Arn"))),
                properties(function).get("DeadLetterConfig"));
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Map.of("Ref", function),
                "MaximumRetryAttempts", DamFunction.ASYNC_RETRIES));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        Map<String, Object> send = statementWithAction(functionPolicyStatements(), "sqs:SendMessage");
        assertEquals(Map.of("Fn::GetAtt", List.of(queue, "Arn")), send.get("Resource"));
    }

    @Test
    void ruleOnDamBusRoutesBriefCommandsToTheFunction() {
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "dam"));
        onlyLogicalId("AWS::Events::Rule", "BriefIntake"); // exactly one rule routes the commands
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventBusName", Map.of("Ref", onlyLogicalId("AWS::Events::EventBus", "EventsBus")),
                "EventPattern", Map.of("detail-type", List.of("Command Create Brief", "Command Update Brief")),
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", onlyLogicalId("AWS::Lambda::Alias", "BriefIntake")),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt",
                                List.of(onlyLogicalId("AWS::SQS::Queue", "BriefIntake"), "Arn"))))))));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(onlyLogicalId("AWS::Events::Rule", "BriefIntake"), "Arn"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionRolePoliciesNameSpecificResources() {
        String role = onlyLogicalId("AWS::IAM::Role", "BriefIntake");
        assertFalse(properties(role).containsKey("ManagedPolicyArns"), "no managed policies on the function role");
        assertEquals(List.of(Map.of("Ref", role)),
                properties(onlyLogicalId("AWS::IAM::Policy", "BriefIntake")).get("Roles"));
        List<Map<String, Object>> statements = functionPolicyStatements();

        String table = onlyLogicalId("AWS::DynamoDB::Table", "DataTable");
        Map<String, Object> dynamo = statementWithAction(statements, "dynamodb:PutItem");
        assertEquals(List.of(Map.of("Fn::GetAtt", List.of(table, "Arn")), Map.of("Fn::Join", List.of("",
                List.of(Map.of("Fn::GetAtt", List.of(table, "Arn")), "/index/*")))), dynamo.get("Resource"));
        Map<String, Object> putEvents = statementWithAction(statements, "events:PutEvents");
        assertEquals(Map.of("Fn::GetAtt", List.of(onlyLogicalId("AWS::Events::EventBus", "EventsBus"), "Arn")),
                putEvents.get("Resource"));
        Map<String, Object> logs = statementWithAction(statements, "logs:PutLogEvents");
        assertEquals(Map.of("Fn::GetAtt", List.of(onlyLogicalId("AWS::Logs::LogGroup", "BriefIntake"), "Arn")),
                logs.get("Resource"));

    }

    // Resource '*' across every policy: ProductionReadinessTest.everyRoleStatementNamesSpecificResources (one
    // allow-list of the actions whose service requires it).

    @Test
    @SuppressWarnings("unchecked")
    void everyDamFunctionHasTheCommonSettings() {
        // Holds for functions other capabilities add later, not just brief intake.
        int checked = 0;
        for (Map.Entry<String, Object> e : resources.entrySet()) {
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            if (!"AWS::Lambda::Function".equals(r.get("Type")) || e.getKey().startsWith("BucketNotificationsHandler")) {
                continue;
            }
            checked++;
            Map<String, Object> p = (Map<String, Object>) r.get("Properties");
            assertEquals("java21", p.get("Runtime"), e.getKey());
            assertEquals(Map.of("Mode", "Active"), p.get("TracingConfig"), e.getKey());
            assertTrue(p.containsKey("DeadLetterConfig"), e.getKey() + " has a DLQ");
            assertTrue(((Map<String, Object>) p.get("LoggingConfig")).containsKey("LogGroup"), e.getKey());
        }
        assertTrue(checked >= 1, "no function found");
    }

    @Test
    void stackOutputsNameTheResourcesToolsNeed() {
        for (String output : List.of("OriginalsBucketName", "DerivativesBucketName", "TableName", "EventBusName",
                "BriefIntakeFunctionName")) {
            template.hasOutput(output, Match.anyValue());
        }
    }

    @Test
    void logicalIdsOfStatefulResourcesStayPinned() {
        // Changing these replaces the resource (data loss outside prod): keep construct ids stable.
        Map<String, String> actual = Map.of(
                "table", onlyLogicalId("AWS::DynamoDB::Table", ""),
                "bus", onlyLogicalId("AWS::Events::EventBus", ""),
                "originals", onlyLogicalId("AWS::S3::Bucket", "StorageOriginals"),
                "derivatives", onlyLogicalId("AWS::S3::Bucket", "StorageDerivatives"),
                "accessLogs", onlyLogicalId("AWS::S3::Bucket", "StorageAccessLogs"));
        assertEquals(Map.of(
                "table", "DataTableFDBAD0F2",
                "bus", "EventsBus45DE4339",
                "originals", "StorageOriginals294D3033",
                "derivatives", "StorageDerivatives6CF22BDF",
                "accessLogs", "StorageAccessLogs96FB524C"), actual);
    }

    // --- helpers over the raw template ---

    /** The single resource of {@code type} whose logical id starts with {@code prefix}. */
    @SuppressWarnings("unchecked")
    static String onlyLogicalId(String type, String prefix) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, r) -> {
            if (type.equals(((Map<String, Object>) r).get("Type")) && id.startsWith(prefix)) {
                ids.add(id);
            }
        });
        assertEquals(1, ids.size(), () -> "expected one " + type + " with prefix " + prefix + ", got " + ids);
        return ids.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiFunctionMayPutBriefDocumentsUnderBriefsOnly() {
        // Every policy statement of the API function's role that allows s3:PutObject.
        String apiPolicies = resources.entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApiHandler") && e.getValue().toString().contains("AWS::IAM::Policy"))
                .map(e -> e.getValue().toString()).reduce("", String::concat);
        assertTrue(apiPolicies.contains("/" + Api.BRIEF_DOCUMENTS_PREFIX + "*"), apiPolicies);
        assertTrue(apiPolicies.contains("/" + Ingest.ORIGINALS_PREFIX + "*"), apiPolicies);
        // Deletions are an asset's own objects (Retention: DELETE /assets/{id}), never brief documents.
        resources.forEach((id, r) -> {
            if (id.startsWith("ApiHandler") && r.toString().contains("AWS::IAM::Policy")) {
                Map<String, Object> doc = (Map<String, Object>) properties(id).get("PolicyDocument");
                for (Object st : (List<Object>) doc.get("Statement")) {
                    if (st.toString().contains("s3:DeleteObject")) {
                        assertFalse(st.toString().contains(Api.BRIEF_DOCUMENTS_PREFIX), "the API deletes no "
                                + "documents: " + st);
                    }
                }
            }
        });
        String env = properties(onlyLogicalId("AWS::Lambda::Function", "ApiHandler")).get("Environment").toString();
        assertTrue(env.contains("ORIGINALS_BUCKET"), env);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String logicalId) {
        return (Map<String, Object>) resources.get(logicalId);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resource(logicalId).get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Metadata");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> functionPolicyStatements() {
        Map<String, Object> policy = properties(onlyLogicalId("AWS::IAM::Policy", "BriefIntake"));
        return (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    }

    static Map<String, Object> statementWithAction(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> asList(s.get("Action")).contains(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement allows " + action + ": " + statements));
    }

    static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }
}
