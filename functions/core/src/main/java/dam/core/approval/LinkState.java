package dam.core.approval;

/** A link is pending until its one decision is stored. */
public enum LinkState {
    PENDING,
    DECIDED
}
