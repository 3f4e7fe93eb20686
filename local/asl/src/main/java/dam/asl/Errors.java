package dam.asl;

/** The predefined Step Functions error names. */
public final class Errors {
    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String PERMISSIONS = "States.Permissions";
    public static final String QUERY_EVALUATION = "States.QueryEvaluationError";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEED_TOLERATED_FAILURE = "States.ExceedToleratedFailureThreshold";

    private Errors() {
    }

    /**
     * Whether a retrier/catcher's ErrorEquals list matches. States.ALL matches every error except the terminal ones
     * (States.Runtime, States.DataLimitExceeded); States.TaskFailed "matches any known error name except for
     * States.Timeout" (AWS error-handling docs).
     */
    public static boolean matches(Iterable<String> errorEquals, String error) {
        if (isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || name.equals(ALL)) {
                return true;
            }
            if (name.equals(TASK_FAILED) && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }

    static boolean isTerminal(String error) {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }
}
