package dam.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.Map;

/**
 * Builds the AWS clients a function needs — once per process (a handler's no-arg constructor calls this). Region and
 * credentials come from the SDK's default chains; the endpoint from the SDK's standard {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables (read by the SDK itself), so the code never knows whether it runs in
 * AWS, in the local cloud or on LocalStack. All clients share one url-connection HTTP client (fast cold start).
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final Map<String, String> env;

    public AwsClients() {
        this(System.getenv());
    }

    AwsClients(Map<String, String> env) {
        this.env = env;
        this.http = UrlConnectionHttpClient.builder().build();
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(http).build();
    }

    public EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(http).build();
    }

    public SchedulerClient scheduler() {
        return SchedulerClient.builder().httpClient(http).build();
    }

    public SfnClient sfn() {
        return SfnClient.builder().httpClient(http).build();
    }

    public SesV2Client sesV2() {
        return SesV2Client.builder().httpClient(http).build();
    }

    public RekognitionClient rekognition() {
        return RekognitionClient.builder().httpClient(http).build();
    }

    /**
     * Presigns S3 URLs for browsers. Given the configured endpoint explicitly (path-style), so locally the URLs point
     * at the local cloud's edge like the S3 client does.
     */
    public S3Presigner s3Presigner() {
        S3Presigner.Builder b = S3Presigner.builder();
        String endpoint = has(env.get("AWS_ENDPOINT_URL_S3")) ? env.get("AWS_ENDPOINT_URL_S3")
                : env.get("AWS_ENDPOINT_URL");
        if (has(endpoint)) {
            b.endpointOverride(java.net.URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return b.build();
    }

    /** Path-style addressing whenever an endpoint is configured: local S3 servers have no per-bucket DNS names. */
    public S3Client s3() {
        return S3Client.builder().httpClient(http).forcePathStyle(endpointConfigured("S3")).build();
    }

    boolean endpointConfigured(String service) {
        return has(env.get("AWS_ENDPOINT_URL_" + service)) || has(env.get("AWS_ENDPOINT_URL"))
                || has(System.getProperty("aws.endpointUrl" + service.charAt(0) + service.substring(1).toLowerCase()))
                || has(System.getProperty("aws.endpointUrl"));
    }

    /** A required environment variable, with a clear message naming it when missing. */
    public String require(String name) {
        String v = env.get(name);
        if (!has(v)) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    public String optional(String name) {
        String v = env.get(name);
        return has(v) ? v : null;
    }

    private static boolean has(String s) {
        return s != null && !s.isBlank();
    }

    /** Clients built here share the HTTP client; close it when the process is done (tests, tools). */
    @Override
    public void close() {
        http.close();
    }
}
