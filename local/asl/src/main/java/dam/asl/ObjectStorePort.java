package dam.asl;

/** Reads Distributed Map ItemReader sources and writes ResultWriter output (S3 in AWS). */
public interface ObjectStorePort {
    /** @throws StateFailure or any exception when the object cannot be read (becomes States.ItemReaderFailed) */
    byte[] get(String bucket, String key);

    void put(String bucket, String key, byte[] body);

    /** A port for engines without object storage: every call fails clearly. */
    ObjectStorePort NONE = new ObjectStorePort() {
        @Override
        public byte[] get(String bucket, String key) {
            throw new IllegalStateException("no object store configured for ItemReader s3://" + bucket + "/" + key);
        }

        @Override
        public void put(String bucket, String key, byte[] body) {
            throw new IllegalStateException("no object store configured for ResultWriter s3://" + bucket + "/" + key);
        }
    };
}
