package dam.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.core.launch.ReapprovalRounds;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link ReapprovalRounds} on the asset-review state machine: StartExecution with input {@code {assetId,
 * versionNumber, reapproval: {reason}}} (the machine's Reapproval choice opens a re-approval round) under a name
 * derived from the request, so a second start of the same request is the same execution (Step Functions refuses a
 * second execution of one name: ExecutionAlreadyExists means it was started before).
 */
public final class SfnReapprovalRounds implements ReapprovalRounds {

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ObjectMapper json;

    public SfnReapprovalRounds(SfnClient sfn, String stateMachineArn, ObjectMapper json) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.json = json;
    }

    @Override
    public String start(String requestId, String assetId, int version, String reason) {
        String name = executionName(requestId);
        ObjectNode input = json.createObjectNode();
        input.put("assetId", assetId);
        input.put("versionNumber", version);
        input.putObject("reapproval").put("reason", reason);
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input.toString()));
        } catch (ExecutionAlreadyExistsException e) {
            // started by an earlier sweep that stopped before recording it: that execution is the round
            return name;
        }
        return name;
    }

    /** "reapproval-" + 40 hex of SHA-256(request): within the 80-character execution name limit. */
    static String executionName(String requestId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
            return "reapproval-" + HexFormat.of().formatHex(h).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
