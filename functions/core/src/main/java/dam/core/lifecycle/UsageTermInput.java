package dam.core.lifecycle;

/**
 * The body of {@code PUT /assets/{id}/talent/{releaseId}} and {@code PUT /assets/{id}/offers/{offerId}}: {@code name}
 * (the talent's name or the offer's title), {@code end} (last day, {@code 2026-03-31}), optional {@code start} and
 * {@code reference} (release form number, offer code).
 */
public record UsageTermInput(String name, String reference, String start, String end) {
}
