package dam.core.brief;

/** A person (by email) who must approve one kind of a brief's content before it is approved. */
public record Approver(ApprovalKind kind, String approver) {
}
