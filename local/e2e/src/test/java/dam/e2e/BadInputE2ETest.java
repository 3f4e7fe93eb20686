package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Issue 3: bad requests get the AWS-style error of their protocol, and leave nothing behind. */
@ExtendWith(CloudExtension.class)
class BadInputE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/%s/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000";

    private static HttpResponse<String> send(TestCloud cloud, String service, String target, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", SCOPE.formatted(service))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedJsonIsASerializationExceptionAndWritesNothing(TestCloud cloud) throws Exception {
        String table = cloud.ref("DataTable");
        HttpResponse<String> response = send(cloud, "dynamodb", "DynamoDB_20120810.PutItem",
                "{\"TableName\":\"" + table + "\",\"Item\":{\"PK\":{\"S\":\"BAD#1\"},\"SK\":{\"S\":\"META\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("__type").asText()).endsWith("SerializationException");
        try (DynamoDbClient db = cloud.dynamodb()) {
            assertThat(db.getItem(r -> r.tableName(table).key(java.util.Map.of(
                    "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BAD#1"),
                    "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("META")))).hasItem())
                    .isFalse();
        }
    }

    @Test
    void unknownTargetIsUnknownOperationException(TestCloud cloud) throws Exception {
        HttpResponse<String> response = send(cloud, "dynamodb", "DynamoDB_20120810.DropEverything", "{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText()).endsWith("UnknownOperationException");

        HttpResponse<String> unknownPrefix = send(cloud, "events", "Nope_2020.Whatever", "{}");
        assertThat(JSON.readTree(unknownPrefix.body()).path("__type").asText())
                .endsWith("UnknownOperationException");
    }

    @Test
    void unknownServiceIsAClearNotImplementedError(TestCloud cloud) throws Exception {
        HttpResponse<String> response = send(cloud, "kinesis", "Kinesis_20131202.ListStreams", "{}");
        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("kinesis");
    }

    @Test
    void missingBucketIsNoSuchBucketXmlAndCreatesNothing(TestCloud cloud) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cloud.endpoint() + "/no-such-bucket-e2e/some/key")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<Code>NoSuchBucket</Code>");
        try (S3Client s3 = cloud.s3()) {
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("no-such-bucket-e2e"));
        }
    }

    @Test
    void deployedTemplateHasNoUnknownResourceTypes(TestCloud cloud) {
        assertThat(cloud.report().unknown()).isEmpty();
        assertThat(cloud.report().deployed()).isNotEmpty();
    }
}
