package dam.core.brief;

/** Change a brief: non-null fields of {@code changes} replace the stored ones if the version is still current. */
public record UpdateBriefCommand(String commandId, String actor, String briefId, long expectedVersion,
                                 BriefInput changes) {
}
