package dam.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/** Creates or updates (idempotently) one CloudFormation resource type in a local provider. */
public interface ResourceHandler {

    /**
     * @param properties the resource's Properties with every intrinsic already resolved
     * @return its Ref value and GetAtt attributes, or null when the resource is deliberately skipped
     */
    Resolved deploy(String logicalId, JsonNode properties, DeployContext ctx) throws Exception;
}
