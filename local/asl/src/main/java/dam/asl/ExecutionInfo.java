package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A snapshot of one execution as DescribeExecution shows it. stopDate/output/error/cause are null while running. */
public record ExecutionInfo(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                            Instant startDate, Instant stopDate, JsonNode input, JsonNode output, String error,
                            String cause) {
}
