package dam.core.brief;

import java.math.BigDecimal;

/** One budget line; amounts are in the budget's currency and never negative. */
public record BudgetLine(String id, String description, BigDecimal amount) {
}
