package dam.core.brief;

import java.util.List;

/**
 * Port: briefs by status, most recently updated first — the "queues" read model (DynamoDB GSI1). Unlike
 * {@link BriefRepository#find} it may lag behind writes by a moment (a GSI is eventually consistent), so it serves
 * lists, never a read-modify-write.
 */
public interface BriefIndex {

    /** Up to {@code limit} briefs; {@code next} is the position to pass as {@code after} for more, null at the end. */
    record Page(List<Brief> items, String next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** @param after null for the first page, else a {@link Page#next()} (a {@link #position}) */
    Page byStatus(BriefStatus status, int limit, String after);

    /** A brief's place in its status queue: "updatedAt#id" (the GSI1 sort key), so newest-first is descending. */
    static String position(Brief brief) {
        return brief.updatedAt() + "#" + brief.id();
    }
}
