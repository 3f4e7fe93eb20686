package dam.aws.lifecycle;

import dam.core.lifecycle.ArchiveStorage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.Tier;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link ArchiveStorage} on the two buckets. Archiving tags originals {@value ArchiveStorage#TAG_KEY}=
 * {@value ArchiveStorage#TAG_VALUE}; the originals bucket's lifecycle rule (CDK {@code Storage}) moves tagged objects to
 * S3 Glacier Flexible Retrieval. Restoring an object still in standard storage only drops the tag; one in Glacier gets
 * a RestoreObject (Standard tier, a temporary copy for {@value #RESTORE_DAYS} days) and, once S3 reports the copy
 * ready, is copied onto itself as STANDARD without the tag — the permanent way back. Purging deletes every version and
 * delete marker under {@code originals/<id>/} and every object under the derivatives' {@code renditions/<id>/},
 * {@code downloads/<id>/} and {@code compare/<id>/}.
 */
public final class S3ArchiveStorage implements ArchiveStorage {

    private static final System.Logger LOG = System.getLogger(S3ArchiveStorage.class.getName());
    static final int RESTORE_DAYS = 7;
    static final List<String> DERIVATIVE_PREFIXES = List.of("renditions/", "downloads/", "compare/");

    private final S3Client s3;
    private final String originals;
    private final String derivatives;

    public S3ArchiveStorage(S3Client s3, String originalsBucket, String derivativesBucket) {
        this.s3 = s3;
        this.originals = originalsBucket;
        this.derivatives = derivativesBucket;
    }

    @Override
    public void archive(List<String> originalKeys) {
        for (String key : originalKeys) {
            s3.putObjectTagging(b -> b.bucket(originals).key(key).tagging(t -> t.tagSet(Tag.builder().key(TAG_KEY)
                    .value(TAG_VALUE).build())));
        }
    }

    @Override
    public int restore(List<String> originalKeys) {
        int pending = 0;
        for (String key : originalKeys) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(originals).key(key));
            StorageClass cls = head.storageClass();
            boolean cold = cls == StorageClass.GLACIER || cls == StorageClass.DEEP_ARCHIVE;
            if (!cold) {
                if (cls == null || cls == StorageClass.STANDARD) {
                    s3.deleteObjectTagging(b -> b.bucket(originals).key(key));
                } else {
                    standardCopy(key); // e.g. Glacier Instant Retrieval: readable, but back to standard
                }
                continue;
            }
            String restore = head.restore(); // null: never requested; ongoing-request="true": running
            if (restore == null) {
                s3.restoreObject(b -> b.bucket(originals).key(key).restoreRequest(r -> r.days(RESTORE_DAYS)
                        .glacierJobParameters(g -> g.tier(Tier.STANDARD))));
                pending++;
            } else if (restore.contains("ongoing-request=\"true\"")) {
                pending++;
            } else {
                standardCopy(key);
            }
        }
        return pending;
    }

    /** Copies the object onto itself as STANDARD with no tags (the lifecycle rule then leaves it alone). */
    private void standardCopy(String key) {
        s3.copyObject(b -> b.sourceBucket(originals).sourceKey(key).destinationBucket(originals)
                .destinationKey(key).storageClass(StorageClass.STANDARD).taggingDirective(TaggingDirective.REPLACE)
                .tagging(""));
    }

    @Override
    public int purge(String assetId) {
        int deleted = purgeVersions(originals, "originals/" + assetId + "/");
        for (String prefix : DERIVATIVE_PREFIXES) {
            deleted += purgeObjects(derivatives, prefix + assetId + "/");
        }
        return deleted;
    }

    /** Every version and delete marker (a versioned bucket keeps deleted objects as noncurrent versions). */
    private int purgeVersions(String bucket, String prefix) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        try {
            s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).forEach(page -> {
                page.versions().forEach(v -> ids.add(id(v.key(), v.versionId())));
                page.deleteMarkers().forEach(m -> ids.add(id(m.key(), m.versionId())));
            });
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                throw e;
            }
            // A store without versioning (the local S3 on a filesystem) keeps one copy: the plain listing below.
            LOG.log(System.Logger.Level.INFO, "s3://" + bucket + " keeps no versions (" + e.awsErrorDetails()
                    .errorMessage() + "): deleting current objects only");
        }
        delete(bucket, ids);
        // Objects a store lists without versions (the local S3 keeps none for unversioned writes) go too.
        return ids.size() + purgeObjects(bucket, prefix);
    }

    private int purgeObjects(String bucket, String prefix) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> ids.add(id(o.key(), null)));
        delete(bucket, ids);
        return ids.size();
    }

    private void delete(String bucket, List<ObjectIdentifier> ids) {
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
            var r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                throw new IllegalStateException("could not delete " + r.errors().size() + " object(s) in " + bucket
                        + ", first: " + r.errors().get(0).key() + " " + r.errors().get(0).code() + " "
                        + r.errors().get(0).message());
            }
        }
    }

    private static ObjectIdentifier id(String key, String versionId) {
        ObjectIdentifier.Builder b = ObjectIdentifier.builder().key(key);
        if (versionId != null && !versionId.equals("null")) {
            b.versionId(versionId);
        }
        return b.build();
    }
}
