package dam.media;

/** The outcome of one rule on one file. */
public record QualityResult(String check, Status status, String reason) {
    public enum Status { PASS, WARN, FAIL }
}
