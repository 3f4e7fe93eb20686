package dam.infra;

import static dam.infra.DamStackTemplateTest.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Issue 11's acceptance checks over the whole dev template, written generically (every function, every bucket, every
 * state machine...) so capabilities added later are held to the same rules without editing this test.
 */
class ProductionReadinessTest {

    /** Actions that AWS only authorizes on Resource "*" (service requirement), and why. */
    static final Map<String, String> WILDCARD_ALLOWED = new TreeMap<>(Map.ofEntries(
            Map.entry("xray:PutTraceSegments", "X-Ray has no resource-level permissions"),
            Map.entry("xray:PutTelemetryRecords", "X-Ray has no resource-level permissions"),
            Map.entry("xray:GetSamplingRules", "X-Ray has no resource-level permissions (Step Functions tracing)"),
            Map.entry("xray:GetSamplingTargets", "X-Ray has no resource-level permissions (Step Functions tracing)"),
            Map.entry("rekognition:DetectLabels", "Rekognition image APIs have no resource-level permissions"),
            Map.entry("rekognition:DetectFaces", "Rekognition image APIs have no resource-level permissions"),
            Map.entry("rekognition:DetectText", "Rekognition image APIs have no resource-level permissions"),
            Map.entry("dynamodb:ListStreams", "ListStreams has no resource-level permissions (stream readers: CDK "
                    + "grantStreamRead / event source mappings; the stream's own actions name its ARN)"),
            Map.entry("logs:CreateLogDelivery", "vended log delivery (Step Functions logging) has no resource ARNs"),
            Map.entry("logs:GetLogDelivery", "vended log delivery"),
            Map.entry("logs:UpdateLogDelivery", "vended log delivery"),
            Map.entry("logs:DeleteLogDelivery", "vended log delivery"),
            Map.entry("logs:ListLogDeliveries", "vended log delivery"),
            Map.entry("logs:PutResourcePolicy", "vended log delivery writes the log group's resource policy"),
            Map.entry("logs:DescribeResourcePolicies", "vended log delivery"),
            Map.entry("logs:DescribeLogGroups", "vended log delivery")));

    @TempDir
    static Path repo;

    static Map<String, Map<String, Object>> resources;
    static Template template;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of());
        long start = System.nanoTime();
        DamStack stack = DamApp.stack(app, artifacts);
        Map<String, Object> json = (Map<String, Object>) app.synth().getStackByName(DamStack.STACK_NAME)
                .getTemplate();
        long millis = (System.nanoTime() - start) / 1_000_000;
        template = Template.fromJSON(json);
        resources = (Map<String, Map<String, Object>>) json.get("Resources");
        Map<String, Integer> byType = new TreeMap<>();
        resources.values().forEach(r -> byType.merge((String) r.get("Type"), 1, Integer::sum));
        System.out.printf("template: %d resources in %d types, synth %d ms%n", resources.size(), byType.size(),
                millis);
        byType.forEach((type, n) -> System.out.printf("  %3d %s%n", n, type));
        assertNotNull(stack.observability());
    }

    @Test
    void everyFunctionStateMachineDeadLetterQueueAndApiHasAlarms() {
        String topic = only("AWS::SNS::Topic", "ObservabilityAlarmTopic");
        List<Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm");
        int expected = 0;
        for (String fn : ours("AWS::Lambda::Function")) {
            assertAlarm(alarms, "AWS/Lambda", "Errors", "FunctionName", Map.of("Ref", fn), fn);
            assertAlarm(alarms, "AWS/Lambda", "Throttles", "FunctionName", Map.of("Ref", fn), fn);
            expected += 2;
        }
        for (String sm : ids("AWS::StepFunctions::StateMachine")) {
            assertAlarm(alarms, "AWS/States", "ExecutionsFailed", "StateMachineArn", Map.of("Ref", sm), sm);
            assertAlarm(alarms, "AWS/States", "ExecutionsTimedOut", "StateMachineArn", Map.of("Ref", sm), sm);
            expected += 2;
        }
        for (String queue : deadLetterQueues()) {
            assertAlarm(alarms, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
                    Map.of("Fn::GetAtt", List.of(queue, "QueueName")), queue);
            expected++;
        }
        for (String api : ids("AWS::ApiGatewayV2::Api")) {
            assertAlarm(alarms, "AWS/ApiGateway", "5xx", "ApiId", Map.of("Ref", api), api);
            expected++;
        }
        assertTrue(ours("AWS::Lambda::Function").size() >= 6 && !deadLetterQueues().isEmpty());
        assertEquals(expected, alarms.size(), "one alarm per check, no strays");
        for (Map<String, Object> alarm : alarms) {
            assertEquals(List.of(Map.of("Ref", topic)), props(alarm).get("AlarmActions"), alarm.toString());
            assertEquals("notBreaching", props(alarm).get("TreatMissingData"));
        }
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "dam-dev"));
    }

    @Test
    void alarmTopicIsEncryptedWithAKeyCloudWatchMayUse() {
        String key = only("AWS::KMS::Key", "ObservabilityAlarmTopicKey");
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of(
                "EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        template.resourceCountIs("AWS::SNS::Subscription", 0); // no alarmEmail in context
    }

    @Test
    void everyJavaFunctionIsSnapStartedAndInvokedOnlyThroughItsAlias() {
        Set<String> functions = Set.copyOf(ours("AWS::Lambda::Function"));
        for (String fn : functions) {
            assertEquals(Map.of("ApplyOn", "PublishedVersions"), props(fn).get("SnapStart"), fn);
            String alias = aliasOf(fn);
            String version = (String) ((List<?>) ((Map<?, ?>) props(alias).get("FunctionVersion"))
                    .get("Fn::GetAtt")).get(0);
            assertEquals(Map.of("Ref", fn), props(version).get("FunctionName"), alias + " → a version of " + fn);
            assertEquals(DamFunction.ALIAS, props(alias).get("Name"));
        }
        // Invokers (rules, state machines, API integrations, schedules, invoke grants) never name $LATEST.
        List<String> unqualified = new ArrayList<>();
        resources.forEach((id, r) -> {
            Object invokers = switch ((String) r.get("Type")) {
                case "AWS::Events::Rule" -> props(id).get("Targets");
                case "AWS::StepFunctions::StateMachine" -> props(id).get("DefinitionSubstitutions");
                case "AWS::ApiGatewayV2::Integration" -> props(id).get("IntegrationUri");
                case "AWS::IAM::Policy" -> invokeStatements(id);
                default -> null;
            };
            for (String fn : functions) {
                if (String.valueOf(invokers).contains("{Fn::GetAtt=[" + fn + ", Arn]}")) {
                    unqualified.add(id + " invokes " + fn + " unqualified: use DamFunction.target() (the alias)");
                }
            }
        });
        assertEquals(List.of(), unqualified);
    }

    /** Functions whose concurrency is reserved (capped), by logical-id prefix, and why; every other one has none. */
    static final Map<String, String> RESERVED_CONCURRENCY = Map.of(
            "IngestUploadTagging", "bulk uploads must not starve the API; Rekognition TPS quotas",
            "IngestRendition", "bulk uploads must not starve the API");

    @Test
    void everyStateMachineIsTracedAndLogsEveryTransitionInDevWithoutExecutionData() {
        List<String> machines = ids("AWS::StepFunctions::StateMachine");
        assertFalse(machines.isEmpty());
        for (String machine : machines) {
            assertEquals(Map.of("Enabled", true), props(machine).get("TracingConfiguration"), machine);
            Map<?, ?> logging = (Map<?, ?>) props(machine).get("LoggingConfiguration");
            assertNotNull(logging, machine + " has no logging");
            assertEquals("ALL", logging.get("Level"), machine + ": dev logs every transition (Stage)");
            assertEquals(false, logging.get("IncludeExecutionData"), machine + ": task tokens stay out of logs");
        }
    }

    @Test
    void concurrencyIsReservedOnlyWhereItMatters() {
        Map<String, Object> reserved = new TreeMap<>();
        for (String fn : ours("AWS::Lambda::Function")) {
            Object value = props(fn).get("ReservedConcurrentExecutions");
            boolean listed = RESERVED_CONCURRENCY.keySet().stream().anyMatch(fn::startsWith);
            if (listed) {
                reserved.put(fn, value);
                assertEquals(Ingest.DEFAULT_CONCURRENCY, value, fn);
            } else {
                assertEquals(null, value, fn + " reserves concurrency without a reason in RESERVED_CONCURRENCY");
            }
        }
        assertEquals(RESERVED_CONCURRENCY.size(), reserved.size(), reserved.toString());
    }

    @Test
    void ingestConcurrencyContextZeroReservesNothingAndNonsenseIsRefused() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out-noreserve"), Map.of("ingestConcurrency", "0"));
        Template none = Template.fromStack(DamApp.stack(app, artifacts));
        assertTrue(none.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of(
                "ReservedConcurrentExecutions", Match.anyValue()))).isEmpty());
        assertEquals(7, Ingest.concurrency("7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ingest.concurrency("-1"));
        assertTrue(e.getMessage().contains("ingestConcurrency"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ingest.concurrency("many"));
    }

    @Test
    void everyRoleStatementNamesSpecificResources() {
        int statements = 0;
        for (String policy : ids("AWS::IAM::Policy")) {
            if (policy.startsWith("BucketNotificationsHandler")) {
                continue; // CDK's own deploy-time handler (suppressed in cdk-nag with its reason)
            }
            for (Map<String, Object> statement : statements(policy)) {
                statements++;
                if (asList(statement.get("Resource")).contains("*")) {
                    for (Object action : asList(statement.get("Action"))) {
                        assertTrue(WILDCARD_ALLOWED.containsKey(action.toString()),
                                policy + ": Resource '*' for " + action + " is not on the allow-list");
                    }
                }
            }
        }
        assertTrue(statements > 20, "policies were found: " + statements);
        for (String role : ids("AWS::IAM::Role")) {
            if (!role.startsWith("BucketNotificationsHandler")) {
                assertFalse(props(role).containsKey("ManagedPolicyArns"), role + " has managed policies");
            }
        }
    }

    @Test
    void asyncInvocationsAndRuleDeliveriesHaveADeadLetterQueue() {
        for (String fn : ours("AWS::Lambda::Function")) {
            assertTrue(props(fn).containsKey("DeadLetterConfig"), fn + " has a DLQ");
        }
        for (Map<String, Object> rule : ofType("AWS::Events::Rule")) {
            for (Object target : asList(props(rule).get("Targets"))) {
                assertTrue(((Map<?, ?>) target).containsKey("DeadLetterConfig"), "rule target " + target);
            }
        }
        // Async retries are configured where async invocations arrive: on the alias (rules) and on $LATEST.
        for (String fn : ours("AWS::Lambda::Function")) {
            template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                    "FunctionName", Map.of("Ref", fn), "Qualifier", DamFunction.ALIAS,
                    "MaximumRetryAttempts", DamFunction.ASYNC_RETRIES));
        }
    }

    @Test
    void everyBucketIsPrivateEncryptedAndTlsOnly() {
        List<String> buckets = ids("AWS::S3::Bucket");
        assertTrue(buckets.size() >= 5, buckets.toString());
        for (String bucket : buckets) {
            Map<String, Object> p = props(bucket);
            assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true), p.get("PublicAccessBlockConfiguration"), bucket);
            assertTrue(p.containsKey("BucketEncryption"), bucket + " encrypted");
            template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                    "Bucket", Map.of("Ref", bucket),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
            if (!bucket.startsWith("StorageAccessLogs")) {
                assertTrue(p.containsKey("LoggingConfiguration"), bucket + " has server access logs");
            }
        }
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void busIsArchivedForReplay() {
        template.hasResourceProperties("AWS::Events::Archive", Map.of(
                "SourceArn", Map.of("Fn::GetAtt", List.of(only("AWS::Events::EventBus", "EventsBus"), "Arn")),
                "RetentionDays", 7,
                "EventPattern", Map.of("account", List.of(Map.of("Ref", "AWS::AccountId")))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mailFunctionsSendWithTheConfigurationSet() {
        template.hasResourceProperties("AWS::SES::ConfigurationSet", Map.of("Name", Mail.CONFIGURATION_SET));
        template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", Map.of(
                "EventDestination", Match.objectLike(Map.of("Enabled", true,
                        "CloudWatchDestination", Match.anyValue()))));
        String configurationSet = only("AWS::SES::ConfigurationSet", "Mail");
        for (String prefix : List.of("RemindersHandler", "ApprovalsRequestApproval")) {
            String fn = only("AWS::Lambda::Function", prefix);
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(fn).get("Environment"))
                    .get("Variables");
            assertEquals(Map.of("Ref", configurationSet), env.get("SES_CONFIGURATION_SET"), fn);
            List<Map<String, Object>> send = statements(only("AWS::IAM::Policy", prefix)).stream()
                    .filter(s -> asList(s.get("Action")).contains("ses:SendEmail")).toList();
            assertTrue(send.stream().anyMatch(s -> String.valueOf(s.get("Resource"))
                    .contains(":configuration-set/, {Ref=" + configurationSet + "}")), fn + ": " + send);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void consoleIsServedByCloudFrontOverHttpsFromAPrivateBucketWithSecurityHeaders() {
        String distribution = only("AWS::CloudFront::Distribution", "ConsoleCdn");
        Map<String, Object> config = (Map<String, Object>) props(distribution).get("DistributionConfig");
        String oac = only("AWS::CloudFront::OriginAccessControl", "Console");
        template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of("OriginAccessControlConfig",
                Match.objectLike(Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always"))));
        List<Map<String, Object>> origins = (List<Map<String, Object>>) config.get("Origins");
        assertTrue(origins.stream().anyMatch(o -> Map.of("Fn::GetAtt", List.of(oac, "Id"))
                .equals(o.get("OriginAccessControlId"))), "the S3 origin signs with OAC: " + origins);
        String headers = only("AWS::CloudFront::ResponseHeadersPolicy", "Console");
        Map<String, Object> defaultBehavior = (Map<String, Object>) config.get("DefaultCacheBehavior");
        assertEquals("redirect-to-https", defaultBehavior.get("ViewerProtocolPolicy"));
        assertEquals(Map.of("Ref", headers), defaultBehavior.get("ResponseHeadersPolicyId"));
        List<Map<String, Object>> apiBehaviors = (List<Map<String, Object>>) config.get("CacheBehaviors");
        List<String> patterns = apiBehaviors.stream().map(b -> (String) b.get("PathPattern")).toList();
        assertTrue(patterns.containsAll(List.of("/briefs", "/briefs/*", "/me", "/me/*", "/review/*")), patterns
                .toString());
        apiBehaviors.forEach(b -> assertEquals("https-only", b.get("ViewerProtocolPolicy")));
        template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Map.of(
                "ResponseHeadersPolicyConfig", Match.objectLike(Map.of("SecurityHeadersConfig", Match.objectLike(
                        Map.of("StrictTransportSecurity", Match.objectLike(Map.of("AccessControlMaxAgeSec",
                                        63072000, "IncludeSubdomains", true)),
                                "FrameOptions", Match.objectLike(Map.of("FrameOption", "DENY")),
                                "ContentTypeOptions", Match.objectLike(Map.of()),
                                "ContentSecurityPolicy", Match.objectLike(Map.of("ContentSecurityPolicy",
                                        Console.CONTENT_SECURITY_POLICY))))))));
        // Only this distribution may read the console bucket (OAC + SourceArn), and nobody without TLS.
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", only("AWS::S3::Bucket", "ConsoleFiles")),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow", "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue())))))))));
        assertFalse(config.containsKey("WebACLId"), "WAF is opt-in");
        template.resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    @Test
    void wafContextFlagPutsAWebAclInFrontOfTheConsole() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out-waf"), Map.of("waf", "true", "alarmEmail",
                "ops@example.com"));
        Template waf = Template.fromStack(DamApp.stack(app, artifacts));
        waf.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "CLOUDFRONT",
                "DefaultAction", Map.of("Allow", Map.of())));
        Map<String, Map<String, Object>> acls = cast(waf.findResources("AWS::WAFv2::WebACL"));
        String acl = acls.keySet().iterator().next();
        waf.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(
                Map.of("WebACLId", Map.of("Fn::GetAtt", List.of(acl, "Arn"))))));
        waf.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));
    }

    @Test
    void aFunctionAddedAfterObservabilityFailsSynthWithAClearMessage() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake");
        App app = new App();
        Stack stack = new Stack(app, "Late");
        Stage stage = Stage.fromContext(null);
        new Observability(stack, "Observability", stage, null);
        new DamFunction(stack, "Latecomer", stage, FunctionSpec.of("a.B::handle", artifacts.jar("brief-intake")));
        RuntimeException e = assertThrows(RuntimeException.class, app::synth);
        assertTrue(e.getMessage().contains("Late/Latecomer/Function has no alarms"), e.getMessage());
    }

    @Test
    void badAlarmEmailIsRefused() {
        Stack stack = new Stack(new App(), "S");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Observability(stack, "Observability", Stage.fromContext(null), "not-an-address"));
        assertTrue(e.getMessage().contains("not-an-address"), e.getMessage());
    }

    // --- helpers ---

    private static void assertAlarm(List<Map<String, Object>> alarms, String namespace, String metric,
                                    String dimension, Object value, String subject) {
        boolean found = alarms.stream().map(ProductionReadinessTest::props).anyMatch(p ->
                namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName"))
                        && asList(p.get("Dimensions")).contains(Map.of("Name", dimension, "Value", value)));
        assertTrue(found, subject + " has no " + namespace + " " + metric + " alarm");
    }

    /** Functions we deploy (java21); CDK's inline notification handler is not one of them. */
    private static List<String> ours(String type) {
        return ids(type).stream().filter(id -> !id.startsWith("BucketNotificationsHandler")).toList();
    }

    /** Queues that a function names as its DLQ. */
    private static List<String> deadLetterQueues() {
        List<String> queues = new ArrayList<>();
        for (String fn : ours("AWS::Lambda::Function")) {
            Object target = ((Map<?, ?>) props(fn).get("DeadLetterConfig")).get("TargetArn");
            queues.add((String) ((List<?>) ((Map<?, ?>) target).get("Fn::GetAtt")).get(0));
        }
        return queues;
    }

    private static String aliasOf(String fn) {
        List<String> aliases = ids("AWS::Lambda::Alias").stream()
                .filter(a -> Map.of("Ref", fn).equals(props(a).get("FunctionName"))).toList();
        assertEquals(1, aliases.size(), fn + " aliases: " + aliases);
        return aliases.get(0);
    }

    private static List<Map<String, Object>> invokeStatements(String policy) {
        return statements(policy).stream().filter(s -> asList(s.get("Action")).contains("lambda:InvokeFunction"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(String policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) props(policy).get("PolicyDocument"))
                .get("Statement");
    }

    private static List<String> ids(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    private static List<Map<String, Object>> ofType(String type) {
        return ids(type).stream().map(resources::get).toList();
    }

    private static String only(String type, String prefix) {
        List<String> matching = ids(type).stream().filter(id -> id.startsWith(prefix)).toList();
        assertEquals(1, matching.size(), () -> type + " " + prefix + "*: " + matching);
        return matching.get(0);
    }

    private static Map<String, Object> props(String logicalId) {
        return props(resources.get(logicalId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> cast(Map<String, ?> map) {
        return new LinkedHashMap<>((Map<String, Map<String, Object>>) map);
    }
}
