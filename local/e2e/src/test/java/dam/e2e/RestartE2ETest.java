package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dam.local.clock.LocalClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Issue 3: stop and restart the local cloud on the same state directory → objects and items are still there. */
class RestartE2ETest {

    @Test
    void objectsAndItemsSurviveARestart() {
        Path state = TestCloud.freshStateDir("restart");
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("BRIEF#restart"),
                "SK", AttributeValue.fromS("META"));
        try (LocalClock clock = LocalClock.fixed(Instant.now())) {
            String bucket;
            String table;
            try (TestCloud first = TestCloud.start(state, clock);
                 S3Client s3 = first.s3(); DynamoDbClient db = first.dynamodb()) {
                bucket = first.ref("StorageOriginals");
                table = first.ref("DataTable");
                s3.putObject(r -> r.bucket(bucket).key("kept.txt"), RequestBody.fromString("still here"));
                db.putItem(r -> r.tableName(table).item(Map.of("PK", key.get("PK"), "SK", key.get("SK"),
                        "title", AttributeValue.fromS("survivor"))));
            }
            try (TestCloud second = TestCloud.start(state, clock);
                 S3Client s3 = second.s3(); DynamoDbClient db = second.dynamodb()) {
                assertThat(second.ref("StorageOriginals")).isEqualTo(bucket);
                assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("kept.txt")).asUtf8String())
                        .isEqualTo("still here");
                assertThat(db.getItem(r -> r.tableName(table).key(key)).item().get("title").s())
                        .isEqualTo("survivor");
            }
        }
    }
}
