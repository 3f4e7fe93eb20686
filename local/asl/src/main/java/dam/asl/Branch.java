package dam.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thread of control inside an execution: the top level, a Parallel branch or a Map iteration. Plain public
 * fields so the whole execution state serialises to JSON for the durable store; times are epoch millis.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
final class Branch {
    enum Wait { NONE, TIMER, RETRY, TASK, CHILDREN }

    public String id;
    public String parentId;
    /** Position in the parent's result array. */
    public int index;
    /** JSON pointer of this branch's block in the definition. */
    public String block;
    /** Map iteration / Parallel branch whose history is not part of the parent's (Distributed Map child). */
    public boolean silent;
    public long localEventSeq;

    public String state;
    public JsonNode input;
    public ObjectNode vars = Json.object();
    /** {"Index": n, "Value": v} for a Map iteration. */
    public JsonNode mapItem;

    public long enteredEventId;
    public long lastEventId;
    public long enteredTimeMillis;
    public int[] retries;
    public int retryCount;

    public Wait wait = Wait.NONE;
    public long waitSeq;
    public long untilMillis;
    public String token;
    public long timeoutAtMillis;
    public long heartbeatAtMillis;
    public int heartbeatSeconds;
    public boolean taskDelivered;
    public JsonNode taskParams;
    public int timeoutSeconds;
    /** Output, Assign results and transition computed before a Wait state's timer. */
    public JsonNode pendingOutput;
    public ObjectNode pendingAssign;
    public String pendingNext;

    // Parallel / Map aggregation
    public ArrayNode results;
    public int pending;
    public int nextItem;
    public ArrayNode items;
    public JsonNode itemsInput;
    public int maxConcurrency;
    public int failures;
    public int toleratedCount;
    public double toleratedPercentage;
    public boolean distributed;
    public String mapRunArn;
    public JsonNode batchInput;
}
