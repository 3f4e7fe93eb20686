package dam.local.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One DynamoDB JSON call answered by dynalite, as the provider's own components make it. */
@FunctionalInterface
interface Dynamo {

    /**
     * @throws DynaliteError for an AWS-style error answer (condition failed, validation, missing table...)
     * @throws dam.local.edge.AwsException (InternalServerError) when dynalite cannot be reached
     */
    ObjectNode call(String operation, ObjectNode request);
}
