package dam.core.brief;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of a brief, with the explicit transition table of issue 5. */
public enum BriefStatus implements Coded {
    DRAFT("draft"),
    SUBMITTED("submitted"),
    APPROVED("approved"),
    IN_PRODUCTION("in_production"),
    DELIVERED("delivered"),
    CLOSED("closed");

    /**
     * from → allowed targets. Submitted may go back to draft (changes requested / withdrawn); any open brief may be
     * closed (cancelled); closed is final.
     */
    private static final Map<BriefStatus, Set<BriefStatus>> TRANSITIONS = Map.of(
            DRAFT, EnumSet.of(SUBMITTED, CLOSED),
            SUBMITTED, EnumSet.of(APPROVED, DRAFT, CLOSED),
            APPROVED, EnumSet.of(IN_PRODUCTION, CLOSED),
            IN_PRODUCTION, EnumSet.of(DELIVERED, CLOSED),
            DELIVERED, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(BriefStatus.class));

    private final String code;

    BriefStatus(String code) {
        this.code = code;
    }

    public boolean canMoveTo(BriefStatus target) {
        return TRANSITIONS.get(this).contains(target);
    }

    public Set<BriefStatus> allowedTargets() {
        return Set.copyOf(TRANSITIONS.get(this));
    }

    /** A closed brief is a record: nothing about it changes any more. */
    public boolean editable() {
        return this != CLOSED;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    @JsonCreator
    public static BriefStatus fromCode(String code) {
        return Coded.require(BriefStatus.class, code);
    }
}
