package dam.core.brief;

/** A team member of a brief. */
public record Member(String userId, MemberRole role) {
}
