package dam.core.library;

import java.math.BigDecimal;
import java.util.List;

/** A rights record as sent by a client (dates as ISO strings), validated by {@link RightsService}. */
public record RightsInput(String licenceType, List<String> territories, List<String> channels, String start,
                          String end, List<String> talentReleases, BigDecimal costAmount, String costCurrency,
                          String source, String documentUrl) {
}
