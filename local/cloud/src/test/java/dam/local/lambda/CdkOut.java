package dam.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal cdk.out holding what CDK synthesizes for {@code alias.addEventSource(new DynamoEventSource(table, ...))}
 * with a filter, bisection, one retry and an SQS on-failure destination.
 */
final class CdkOut {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CdkOut() {
    }

    /** A stack whose table is {@code name}, queue {@code name-dlq} and function {@code name-fn}. */
    static Path write(Path dir, String name, Path code, String handler, Path log) throws IOException {
        Files.createDirectories(dir);
        String template = """
                {"Resources": {
                  "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
                    "TableName": "%1$s", "BillingMode": "PAY_PER_REQUEST",
                    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
                    "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
                    "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}},
                  "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%1$s-dlq"}},
                  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                    "FunctionName": "%1$s-fn", "Runtime": "java21", "Handler": "%2$s",
                    "Code": {"S3Bucket": "cdk-assets", "S3Key": "fixture-code.zip"},
                    "MemorySize": 256, "Timeout": 30, "Environment": {"Variables": {"ESM_LOG": "%3$s"}}}},
                  "FnAliasLive": {"Type": "AWS::Lambda::Alias", "Properties": {
                    "FunctionName": {"Ref": "Fn"}, "FunctionVersion": "$LATEST", "Name": "live"}},
                  "MappingDynamoDBEventSource1A2B3C": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                    "BatchSize": 4, "BisectBatchOnFunctionError": true, "MaximumRetryAttempts": 1,
                    "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Dlq", "Arn"]}}},
                    "EventSourceArn": {"Fn::GetAtt": ["Table", "StreamArn"]},
                    "FilterCriteria": {"Filters": [{"Pattern": "{\\"eventName\\":[\\"INSERT\\",\\"MODIFY\\"]}"}]},
                    "FunctionName": {"Ref": "FnAliasLive"}, "StartingPosition": "TRIM_HORIZON"}}
                }}
                """.formatted(name, handler, log.toString());
        Files.writeString(dir.resolve("EsmStack.template.json"), template);
        ObjectNode assets = JSON.createObjectNode();
        ObjectNode file = assets.putObject("files").putObject("fixture");
        file.putObject("source").put("path", code.toString());
        file.putObject("destinations").putObject("local").put("objectKey", "fixture-code.zip");
        Files.writeString(dir.resolve("EsmStack.assets.json"), assets.toString());
        Files.writeString(dir.resolve("manifest.json"), """
                {"artifacts": {
                  "EsmStack.assets": {"type": "cdk:asset-manifest", "properties": {"file": "EsmStack.assets.json"}},
                  "EsmStack": {"type": "aws:cloudformation:stack",
                               "properties": {"templateFile": "EsmStack.template.json", "stackName": "EsmStack"}}
                }}
                """);
        return dir;
    }
}
