package dam.local.edge;

/**
 * One AWS service behind the edge (ARCHITECTURE §6: one provider per service). The edge routes by the SigV4
 * credential scope's service name, then X-Amz-Target, then path, and hands the provider a buffered request.
 * Providers are thread-safe: the edge calls them concurrently.
 */
public interface ServiceProvider extends AutoCloseable {

    /** Service names this provider answers to, as they appear in the SigV4 credential scope (e.g. "dynamodb"). */
    java.util.Set<String> serviceNames();

    /** X-Amz-Target prefixes (the part before '.') this provider answers to, e.g. "DynamoDB_20120810". */
    default java.util.Set<String> targetPrefixes() {
        return java.util.Set.of();
    }

    /** Handles one request; throw {@link AwsException} for AWS-style errors. */
    AwsResponse handle(AwsRequest request) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
