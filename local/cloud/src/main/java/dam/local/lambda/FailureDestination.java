package dam.local.lambda;

/** Sends an event source mapping's failure record (a discarded batch) to its on-failure destination. */
@FunctionalInterface
public interface FailureDestination {

    void send(String targetArn, String body) throws Exception;
}
