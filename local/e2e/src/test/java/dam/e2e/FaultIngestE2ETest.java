package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetVersion;
import dam.core.asset.UploadTicket;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Issue 12 fault injection: {@code kill -9} of the local cloud (a separate JVM, with its Lambda workers and dynalite)
 * while an upload is being ingested, then a restart on the same state: the persisted execution resumes from its last
 * journaled state (task steps may run again; the handlers are idempotent) and the version ends ready exactly once —
 * one version item, one set of renditions, one "Asset Version Ingested" event, the original still stored.
 */
class FaultIngestE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killedDuringIngestTheVersionEndsReadyExactlyOnceAfterARestart() throws Exception {
        try (ChildCloud child = ChildCloud.start("fault-ingest");
             IngestFixture f = new IngestFixture(child, Clock.systemUTC());
             SqsClient sqs = child.sqs()) {
            byte[] photo = IngestFixture.jpeg(3000, 2000, 1);
            UploadTicket ticket = f.request("Crash Test.jpg", "image/jpeg", photo.length);
            String id = ticket.asset().id();
            BusObserver ingested = new BusObserver(sqs, child.events(), "dam", """
                    {"source":["dam.assets"],"detail-type":["Asset Version Ingested"],"detail":{"assetId":["%s"]}}"""
                    .formatted(id));

            assertThat(f.put(ticket.plan().url(), "image/jpeg", photo).statusCode()).isEqualTo(200);
            // The first ingest runs on cold Lambda workers: seconds in which the execution is mid-way.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> f.stateIs(id, 1, VersionState.PROCESSING));
            child.kill();

            child.restart();
            AssetVersion v = f.awaitTerminal(id, 1, Duration.ofSeconds(120));
            assertThat(v.state()).as("reasons %s; child log:%n%s", v.reasons(), child.output())
                    .isEqualTo(VersionState.READY);
            String machine = child.stateMachine("IngestAssetIngest");
            try (SfnClient sfn = child.sfn()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sfn.listExecutions(r -> r.stateMachineArn(machine))
                        .executions().stream().noneMatch(e -> e.status() == ExecutionStatus.RUNNING));
                assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions())
                        .as("the one execution the upload started, resumed rather than restarted")
                        .singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
            }

            List<Map<String, AttributeValue>> versionItems = f.dynamodb.query(r -> r.tableName("dam")
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :v)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ASSET#" + id),
                            ":v", AttributeValue.fromS("V#")))).items();
            assertThat(versionItems).as("one version item").hasSize(1);
            assertThat(v.renditions()).extracting(r -> r.name()).containsExactly("thumbnail", "preview", "web");
            assertThat(f.keys(f.derivatives, "renditions/" + id + "/"))
                    .as("one set of renditions").containsExactlyInAnyOrderElementsOf(
                            v.renditions().stream().map(r -> r.key()).toList());
            assertThat(f.s3.headObject(r -> r.bucket(f.originals).key(v.originalKey())).contentLength())
                    .as("the original is not lost").isEqualTo(photo.length);
            assertThat(AuditChain.firstBroken(f.repo.audit(id))).isEqualTo(-1);
            assertThat(f.repo.audit(id)).extracting(a -> a.action()).filteredOn("version.ready"::equals).hasSize(1);

            List<String> events = ingested.awaitAtLeast(1, Duration.ofSeconds(30));
            events = ingested.drain(); // one more receive round: a duplicate would have been queued by now
            assertThat(events).as("one Asset Version Ingested event").hasSize(1);
            assertThat(JSON.readTree(events.get(0)).path("detail").path("state").asText()).isEqualTo("ready");
            assertThat(child.starts()).isEqualTo(2);
        }
    }
}
