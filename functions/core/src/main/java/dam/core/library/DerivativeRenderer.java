package dam.core.library;

/**
 * Port: renders one derivative synchronously (in AWS: the rendition function, so big files never pass through the
 * API). Returns the focal point the crop used (null for a fit); a refusal of the content (a format it cannot write,
 * a file it cannot decode) is a {@link dam.core.ValidationException}.
 */
public interface DerivativeRenderer {

    Focal render(DerivativeSpec spec);
}
