package dam.ingest;

import dam.aws.S3Files;
import dam.core.asset.AiTagger;
import dam.core.asset.AssetVersion;
import dam.core.asset.IngestService;
import dam.core.asset.StepResult;
import dam.core.asset.Tag;
import dam.core.asset.VersionState;
import dam.media.MediaException;
import dam.media.Metadata;
import dam.media.OutputFormat;
import dam.media.PerceptualHash;
import dam.media.Renditions;
import dam.media.SniffResult;
import dam.media.Sniffer;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The file-reading ingest steps: sniff (real type from the bytes, bombs, truncation, SHA-256), metadata (headers only,
 * then a perceptual hash from a subsampled decode) and AI tags (from a 1024 px JPEG, always under Rekognition's byte
 * limit). A file the media library refuses is rejected with its reason; anything else thrown is a processing failure
 * the state machine retries, then quarantines.
 */
public final class IngestSteps {

    /** Long edge of the image sent to the tagger. */
    static final int TAGGING_EDGE = 1024;

    private final IngestService ingest;
    private final OriginalSource originals;
    private final Sniffer sniffer;
    private final Metadata metadata;
    private final PerceptualHash phash;
    private final Renditions renditions;
    private final AiTagger tagger;

    public IngestSteps(IngestService ingest, OriginalSource originals, Sniffer sniffer, Metadata metadata,
                       PerceptualHash phash, Renditions renditions, AiTagger tagger) {
        this.ingest = Objects.requireNonNull(ingest);
        this.originals = Objects.requireNonNull(originals);
        this.sniffer = Objects.requireNonNull(sniffer);
        this.metadata = Objects.requireNonNull(metadata);
        this.phash = Objects.requireNonNull(phash);
        this.renditions = Objects.requireNonNull(renditions);
        this.tagger = Objects.requireNonNull(tagger);
    }

    public StepResult sniff(String assetId, int version, String execution) {
        AssetVersion v = ingest.version(assetId, version);
        if (!owned(v, execution)) {
            return idle(v);
        }
        S3Files.LocalCopy copy = originals.fetch(v.originalKey());
        SniffResult r = sniffer.sniff(copy.file(), v.fileName(), v.declaredContentType());
        if (!r.accepted()) {
            return ingest.reject(assetId, version, execution, List.of(MediaMapping.reason(r.reason(), r.detail())));
        }
        return ingest.sniffed(assetId, version, execution, r.mediaType(), copy.size(), copy.sha256());
    }

    public StepResult metadata(String assetId, int version, String execution) {
        AssetVersion v = ingest.version(assetId, version);
        if (!owned(v, execution)) {
            return idle(v);
        }
        S3Files.LocalCopy copy = originals.fetch(v.originalKey());
        try {
            dam.media.TechMetadata m = metadata.read(copy.file(), v.detectedType());
            String hash = MediaMapping.visual(v.detectedType()) ? PerceptualHash.toHex(phash.of(copy.file())) : null;
            return ingest.described(assetId, version, execution, MediaMapping.tech(m), hash);
        } catch (MediaException e) {
            return ingest.reject(assetId, version, execution, List.of(MediaMapping.reason(e)));
        }
    }

    public StepResult tags(String assetId, int version, String execution) {
        AssetVersion v = ingest.version(assetId, version);
        if (!owned(v, execution)) {
            return idle(v);
        }
        List<Tag> tags = List.of();
        if (MediaMapping.visual(v.detectedType())) {
            S3Files.LocalCopy copy = originals.fetch(v.originalKey());
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream(256 * 1024);
            renditions.render(copy.file(), "tagging", TAGGING_EDGE, OutputFormat.JPEG, jpeg);
            tags = tagger.tag(jpeg.toByteArray());
        }
        return ingest.tagged(assetId, version, execution, tags);
    }

    private static boolean owned(AssetVersion v, String execution) {
        return v.state() == VersionState.PROCESSING && execution.equals(v.claimedBy());
    }

    private static StepResult idle(AssetVersion v) {
        return new StepResult(v.assetId(), v.number(), false, v.state().code(), v.reasons());
    }
}
