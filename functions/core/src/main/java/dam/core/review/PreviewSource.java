package dam.core.review;

import dam.core.approval.SubjectState;
import dam.core.asset.AssetVersion;

import java.util.Optional;

/** Port: a small inline preview of a version (its preview or thumbnail rendition), if it has one. */
public interface PreviewSource {

    Optional<SubjectState.Preview> preview(AssetVersion version);

    PreviewSource NONE = v -> Optional.empty();
}
