package dam.core.bulk;

/** RUNNING until the state machine's last step; FAILED = the run stopped early and may be resumed. */
public enum BulkStatus {
    RUNNING, COMPLETED, FAILED
}
