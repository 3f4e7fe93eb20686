package dam.core.brief;

import java.net.URI;
import java.time.Instant;

/** The brief after a document was added, the document record, and where/until when to PUT its bytes. */
public record DocumentUpload(BriefResult result, BriefDocument document, URI url, Instant expiresAt) {
}
