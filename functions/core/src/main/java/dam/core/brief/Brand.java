package dam.core.brief;

/** The brand a brief is for, with a link to its brand-guidelines portal (may be null). */
public record Brand(String name, String guidelinesUrl) {
}
