package dam.core.brief;

import java.math.BigDecimal;
import java.util.List;

/** A brief's budget: lines in one currency, their total, and where its approval stands. */
public record Budget(String currency, List<BudgetLine> lines, BigDecimal total, ApprovalState approval) {

    public Budget {
        lines = List.copyOf(lines);
    }

    public static Budget of(String currency, List<BudgetLine> lines, ApprovalState approval) {
        BigDecimal total = lines.stream().map(BudgetLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Budget(currency, lines, total, approval);
    }

    /** Same money (currency and lines), ignoring approval — a money change must be approved again. */
    public boolean sameMoneyAs(Budget other) {
        return other != null && currency.equals(other.currency) && lines.equals(other.lines);
    }
}
