package dam.local.s3;

/** Where the S3 provider reports object changes (the EventBridge provider, when a bucket has notifications on). */
public interface ObjectEvents {

    /**
     * @param detailType "Object Created" or "Object Deleted" (the EventBridge detail-types S3 uses)
     * @param reason     PutObject, CompleteMultipartUpload, CopyObject, DeleteObject
     */
    void objectChanged(String bucket, String detailType, String key, long size, String etag, String reason);
}
