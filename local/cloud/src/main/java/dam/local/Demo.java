package dam.local;

import dam.local.deploy.TemplateDeployer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The walk-through {@code ./dam up} runs: it uses the product exactly as an integration would — through the edge
 * with the AWS SDK — and prints what happened at each step.
 */
final class Demo {

    private final LocalCloud cloud;
    private final TemplateDeployer.Report report;

    Demo(LocalCloud cloud, TemplateDeployer.Report report) {
        this.cloud = cloud;
        this.report = report;
    }

    void run(PrintStream out) throws InterruptedException {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var http = UrlConnectionHttpClient.create();
        try (EventBridgeClient bus = EventBridgeClient.builder().endpointOverride(cloud.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build();
             DynamoDbClient table = DynamoDbClient.builder().endpointOverride(cloud.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build()) {
            String tableName = report.ref("DataTable");
            String commandId = "demo-" + UUID.randomUUID();
            out.println("Demo 1/3  brief intake: an integration puts 'Command Create Brief' on the dam bus");
            String detail = """
                    {"version":1,"commandId":"%s","requestedBy":"alice@example.com","brief":{
                     "title":"Summer sale","objectives":["Drive store visits"],"keyMessage":"Everything 20%% off",
                     "audience":"Families","channels":["social","web"],"regions":["DE"],
                     "deliverables":[{"channel":"social","format":"1080x1080 JPEG","quantity":2}],
                     "brand":{"name":"Acme","guidelinesUrl":"https://brand.example/acme"},
                     "requester":"alice@example.com","dueDate":"%s","claims":["price"]}}"""
                    .formatted(commandId, java.time.LocalDate.now(cloud.clock()).plusDays(60));
            PutEventsResponse put = bus.putEvents(r -> r.entries(e -> e.eventBusName("dam").source("demo.crm")
                    .detailType("Command Create Brief").detail(detail)));
            out.println("          event id " + put.entries().get(0).eventId()
                    + " → rule → brief-intake Lambda (first call starts its JVM)");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Map<String, AttributeValue> command = Map.of();
            while (command.isEmpty() && Instant.now().isBefore(deadline)) {
                command = table.getItem(r -> r.tableName(tableName).key(Map.of(
                        "PK", AttributeValue.fromS("CMD#" + commandId), "SK", AttributeValue.fromS("META"))))
                        .item();
                if (command.isEmpty()) {
                    Thread.sleep(250);
                }
            }
            if (command.isEmpty()) {
                out.println("          the brief did not appear within 60 s — see .dam/lambda/logs");
                return;
            }
            String briefId = command.get("briefId").s();
            Map<String, AttributeValue> brief = table.getItem(r -> r.tableName(tableName).key(Map.of(
                    "PK", AttributeValue.fromS("BRIEF#" + briefId), "SK", AttributeValue.fromS("META")))).item();
            out.println("          stored brief " + briefId + " '" + brief.get("title").s() + "' status "
                    + brief.get("status").s() + " (item BRIEF#" + briefId + " / META in table " + tableName + ")");
            out.println("          the function's log: "
                    + cloud.lambda().logFile(report.ref("BriefIntakeHandlerFunction")));
        }
    }
}
