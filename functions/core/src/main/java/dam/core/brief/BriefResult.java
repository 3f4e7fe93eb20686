package dam.core.brief;

/** The brief after a command, and whether this call applied it (false: the command id had been applied before). */
public record BriefResult(Brief brief, boolean applied) {
}
