package dam.asl;

/** SendTask* with a token the engine cannot use; {@link #code()} is the AWS error code. */
public class TaskTokenException extends RuntimeException {
    public static final String INVALID_TOKEN = "InvalidToken";
    public static final String DOES_NOT_EXIST = "TaskDoesNotExist";
    public static final String TIMED_OUT = "TaskTimedOut";

    private final String code;

    public TaskTokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
