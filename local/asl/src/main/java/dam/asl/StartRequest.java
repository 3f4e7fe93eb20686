package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the engine needs to start an execution. The definition text is kept with the execution, so later updates to
 * the state machine do not change running executions (as in AWS).
 */
public record StartRequest(String executionArn, String stateMachineArn, String roleArn, String definition,
                           JsonNode input) {

    public String executionName() {
        return executionArn.substring(executionArn.lastIndexOf(':') + 1);
    }

    public String stateMachineName() {
        return stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
    }
}
