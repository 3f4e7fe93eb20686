package dam.core.brief;

import java.time.LocalDate;

/** A dated step of a brief; {@code id} is stable within the brief ("m1", "m2"…) so reminders can follow it. */
public record Milestone(String id, String name, String owner, LocalDate dueDate, boolean done) {
}
