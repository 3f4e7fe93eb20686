package dam.asl;

public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
