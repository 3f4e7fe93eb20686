package dam.core.notify;

import java.time.LocalDate;

/** What a scheduled reminder tells its target: whom to remind about which milestone. */
public record Reminder(String kind, String briefId, String milestoneId, String milestoneName, String owner,
                       LocalDate dueDate) {

    public static final String MILESTONE_T_MINUS_2D = "milestone.t-2d";
    public static final String MILESTONE_DUE = "milestone.due";
}
