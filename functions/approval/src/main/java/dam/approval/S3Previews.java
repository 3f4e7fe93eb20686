package dam.approval;

import dam.core.approval.SubjectState;
import dam.core.asset.AssetVersion;
import dam.core.asset.Rendition;
import dam.core.review.PreviewSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The confirm page's preview: the version's "preview" rendition, else its "thumbnail", read from the derivatives
 * bucket and inlined (at most {@link #MAX_BYTES}; bigger or missing ones show no image rather than failing the page).
 */
final class S3Previews implements PreviewSource {

    static final long MAX_BYTES = 400 * 1024;
    private static final List<String> PREFERRED = List.of("preview", "thumbnail");
    private static final System.Logger LOG = System.getLogger(S3Previews.class.getName());

    private final S3Client s3;
    private final String bucket;

    S3Previews(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<SubjectState.Preview> preview(AssetVersion v) {
        Optional<Rendition> r = v.renditions().stream().filter(x -> PREFERRED.contains(x.name()))
                .filter(x -> x.bytes() <= MAX_BYTES && x.contentType() != null
                        && x.contentType().matches("image/(jpeg|png|webp)"))
                .min(Comparator.comparingInt(x -> PREFERRED.indexOf(x.name())));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(r.get().key()));
            return Optional.of(new SubjectState.Preview(r.get().contentType(),
                    Base64.getEncoder().encodeToString(bytes.asByteArray()), r.get().width(), r.get().height(),
                    "Version " + v.number() + " (" + r.get().name() + ")"));
        } catch (NoSuchKeyException e) {
            LOG.log(System.Logger.Level.WARNING, "rendition {0} of {1} v{2} is missing", r.get().key(), v.assetId(),
                    v.number());
            return Optional.empty();
        }
    }
}
