package dam.aws;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsClientsTest {

    @Test
    void pathStyleFollowsTheStandardEndpointVariables() {
        try (AwsClients none = new AwsClients(Map.of());
             AwsClients global = new AwsClients(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
             AwsClients s3Only = new AwsClients(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4566"))) {
            assertEquals(System.getProperty("aws.endpointUrl") != null, none.endpointConfigured("S3"));
            assertTrue(global.endpointConfigured("S3"));
            assertTrue(s3Only.endpointConfigured("S3"));
            assertFalse(new AwsClients(Map.of("AWS_ENDPOINT_URL_S3", " ")).endpointConfigured("DYNAMODB")
                    && System.getProperty("aws.endpointUrl") == null);
        }
    }

    @Test
    void missingRequiredVariableNamesIt() {
        try (AwsClients aws = new AwsClients(Map.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> aws.require("TABLE_NAME"));
            assertTrue(e.getMessage().contains("TABLE_NAME"));
        }
    }
}
