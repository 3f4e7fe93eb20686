package dam.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dam.local.edge.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.event.ruler.RuleCompiler;

/**
 * One DynamoDB-stream event source mapping's settings, with Lambda's defaults and limits for stream sources.
 *
 * @param maximumRetryAttempts      -1 = until the record expires (AWS's default)
 * @param maximumRecordAgeInSeconds -1 = no limit (AWS's default)
 * @param filterPatterns            Event Ruler patterns (FilterCriteria.Filters[].Pattern); a record passes if any
 *                                  matches, all pass when there are none
 * @param onFailureArn              DestinationConfig.OnFailure.Destination (an SQS queue), or null
 * @param lastModifiedMillis        LocalClock time of the last create/update (epoch millis: stored as JSON as is)
 */
public record MappingConfig(String uuid, String functionName, String eventSourceArn, String startingPosition,
                            int batchSize, int maximumBatchingWindowInSeconds, List<String> filterPatterns,
                            int maximumRetryAttempts, int maximumRecordAgeInSeconds,
                            boolean bisectBatchOnFunctionError, boolean reportBatchItemFailures, String onFailureArn,
                            boolean enabled, long lastModifiedMillis) {

    private static final Set<String> STARTING_POSITIONS = Set.of("TRIM_HORIZON", "LATEST");

    public MappingConfig {
        filterPatterns = List.copyOf(filterPatterns);
    }

    /** CreateEventSourceMapping's request (or the CloudFormation resource's properties, which use the same names). */
    static MappingConfig create(String uuid, JsonNode r, Instant now) {
        String source = r.path("EventSourceArn").asText("");
        if (source.isEmpty()) {
            throw invalid("EventSourceArn is required");
        }
        if (!source.startsWith("arn:aws:dynamodb:") || !source.contains("/stream/")) {
            throw invalid("The local cloud maps DynamoDB streams only; not a stream ARN: " + source);
        }
        String position = r.path("StartingPosition").asText("");
        if (!STARTING_POSITIONS.contains(position)) {
            throw invalid("StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream: '" + position
                    + "'");
        }
        MappingConfig base = new MappingConfig(uuid, functionName(r.path("FunctionName").asText("")), source,
                position, 100, 0, List.of(), -1, -1, false, false, null, true, now.toEpochMilli());
        return base.updated(r, now);
    }

    /** UpdateEventSourceMapping: the fields present change, the others stay. */
    MappingConfig updated(JsonNode r, Instant now) {
        String function = r.hasNonNull("FunctionName") ? functionName(r.get("FunctionName").asText()) : functionName;
        int batch = intIn(r, "BatchSize", batchSize, 1, 10_000);
        int window = intIn(r, "MaximumBatchingWindowInSeconds", maximumBatchingWindowInSeconds, 0, 300);
        int retries = intIn(r, "MaximumRetryAttempts", maximumRetryAttempts, -1, 10_000);
        int age = intIn(r, "MaximumRecordAgeInSeconds", maximumRecordAgeInSeconds, -1, 604_800);
        if (age >= 0 && age < 60) {
            throw invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800: " + age);
        }
        boolean bisect = r.has("BisectBatchOnFunctionError") ? bool(r, "BisectBatchOnFunctionError")
                : bisectBatchOnFunctionError;
        boolean enabledNow = r.has("Enabled") ? bool(r, "Enabled") : enabled;
        boolean report = reportBatchItemFailures;
        if (r.has("FunctionResponseTypes")) {
            report = false;
            for (JsonNode t : r.get("FunctionResponseTypes")) {
                if (!"ReportBatchItemFailures".equals(t.asText())) {
                    throw invalid("FunctionResponseTypes may only contain ReportBatchItemFailures: " + t);
                }
                report = true;
            }
        }
        List<String> patterns = filterPatterns;
        if (r.has("FilterCriteria")) {
            patterns = new ArrayList<>();
            for (JsonNode f : r.path("FilterCriteria").path("Filters")) {
                String pattern = f.path("Pattern").isTextual() ? f.path("Pattern").asText()
                        : f.path("Pattern").toString();
                String problem = RuleCompiler.check(pattern);
                if (problem != null) {
                    throw invalid("Invalid filter pattern " + pattern + ": " + problem);
                }
                patterns.add(pattern);
            }
            if (patterns.size() > 5) {
                throw invalid("At most 5 filters per event source mapping: " + patterns.size());
            }
        }
        String onFailure = onFailureArn;
        if (r.has("DestinationConfig")) {
            JsonNode d = r.path("DestinationConfig").path("OnFailure").path("Destination");
            onFailure = d.isTextual() && !d.asText().isEmpty() ? d.asText() : null;
            if (onFailure != null && !onFailure.startsWith("arn:aws:sqs:")) {
                throw invalid("The local cloud sends discarded stream batches to SQS queues only: " + onFailure);
            }
        }
        return new MappingConfig(uuid, function, eventSourceArn, startingPosition, batch, window, patterns, retries,
                age, bisect, report, onFailure, enabledNow, now.toEpochMilli());
    }

    /** The mapping as Lambda's API returns it. */
    ObjectNode toJson(ObjectMapper json, String state, String lastProcessingResult) {
        ObjectNode n = json.createObjectNode();
        n.put("UUID", uuid);
        n.put("StartingPosition", startingPosition);
        n.put("BatchSize", batchSize);
        n.put("MaximumBatchingWindowInSeconds", maximumBatchingWindowInSeconds);
        n.put("ParallelizationFactor", 1);
        n.put("EventSourceArn", eventSourceArn);
        if (!filterPatterns.isEmpty()) {
            ArrayNode filters = n.putObject("FilterCriteria").putArray("Filters");
            filterPatterns.forEach(p -> filters.addObject().put("Pattern", p));
        }
        n.put("FunctionArn", LambdaProvider.functionArn(functionName));
        n.put("LastModified", lastModifiedMillis / 1000.0);
        n.put("LastProcessingResult", lastProcessingResult);
        n.put("State", state);
        n.put("StateTransitionReason", "User action");
        ObjectNode destination = n.putObject("DestinationConfig");
        if (onFailureArn != null) {
            destination.putObject("OnFailure").put("Destination", onFailureArn);
        }
        n.put("MaximumRecordAgeInSeconds", maximumRecordAgeInSeconds);
        n.put("BisectBatchOnFunctionError", bisectBatchOnFunctionError);
        n.put("MaximumRetryAttempts", maximumRetryAttempts);
        n.put("TumblingWindowInSeconds", 0);
        ArrayNode types = n.putArray("FunctionResponseTypes");
        if (reportBatchItemFailures) {
            types.add("ReportBatchItemFailures");
        }
        n.put("EventSourceMappingArn", arn(uuid));
        return n;
    }

    static String arn(String uuid) {
        return "arn:aws:lambda:" + LambdaProvider.REGION + ":" + LambdaProvider.ACCOUNT + ":event-source-mapping:"
                + uuid;
    }

    /**
     * The function a FunctionName means: a name, a (partial) ARN, or either with a version/alias qualifier — the
     * local cloud serves $LATEST only, so a qualifier (e.g. the {@code live} alias) names the function itself.
     */
    static String functionName(String nameOrArn) {
        if (nameOrArn.isBlank()) {
            throw invalid("FunctionName is required");
        }
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:") && parts.length >= 7 && parts[5].equals("function")) {
            return parts[6];
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return parts[2];
        }
        if (parts.length <= 2) {
            return parts[0];
        }
        throw invalid("not a function name or ARN: " + nameOrArn);
    }

    private static int intIn(JsonNode r, String field, int current, int min, int max) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return current;
        }
        if (!v.canConvertToInt() && !(v.isTextual() && v.asText().matches("-?\\d{1,9}"))) {
            throw invalid(field + " must be a number: " + v);
        }
        int value = v.isTextual() ? Integer.parseInt(v.asText()) : v.asInt();
        if (value < min || value > max) {
            throw invalid(field + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    /** CloudFormation may hand booleans over as strings. */
    private static boolean bool(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw invalid(field + " must be true or false: " + v);
    }

    static AwsException invalid(String message) {
        return new AwsException("InvalidParameterValueException", message, 400);
    }
}
