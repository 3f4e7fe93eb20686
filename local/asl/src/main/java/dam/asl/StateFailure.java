package dam.asl;

/**
 * A failure raised while running a state: an AWS error name (e.g. {@code States.Runtime}) and a cause. Either may be
 * null, as with a Fail state that declares neither. Evaluation failures get AWS's "An error occurred while executing
 * the state ..." prefix from the interpreter, which knows the state name and entered event id.
 */
public class StateFailure extends RuntimeException {
    private final String error;
    private final String cause;
    private final boolean evaluation;

    public StateFailure(String error, String cause) {
        this(error, cause, false);
    }

    private StateFailure(String error, String cause, boolean evaluation) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
        this.evaluation = evaluation;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    boolean isEvaluation() {
        return evaluation;
    }

    static StateFailure runtime(String cause) {
        return new StateFailure(Errors.RUNTIME, cause, true);
    }

    static StateFailure query(String cause) {
        return new StateFailure(Errors.QUERY_EVALUATION, cause, true);
    }

    /** An evaluation failure of the state's query language. */
    static StateFailure evaluation(boolean jsonata, String cause) {
        return jsonata ? query(cause) : runtime(cause);
    }
}
