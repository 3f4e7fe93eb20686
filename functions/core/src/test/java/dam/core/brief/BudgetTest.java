package dam.core.brief;

import dam.core.ConflictException;
import dam.core.ValidationException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BudgetTest {

    private final Fixture f = new Fixture();

    @Test
    void totalIsTheSumOfTheLines() {
        Brief b = f.service.create(new CreateBriefCommand(null, "alice", Fixture.validWith(Fixture.changes()
                .budget("usd", new BigDecimal("100.10"), new BigDecimal("0.90"), new BigDecimal("50")).build())))
                .brief();
        assertEquals("USD", b.budget().currency());
        assertEquals(0, new BigDecimal("151.00").compareTo(b.budget().total()));
        assertEquals(List.of("l1", "l2", "l3"), b.budget().lines().stream().map(BudgetLine::id).toList());
    }

    @Test
    void badMoneyIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> f.service.create(new CreateBriefCommand(
                null, "alice", Fixture.validWith(Fixture.changes().budget("euro", new BigDecimal("-0.01"),
                        new BigDecimal("1.001")).build()))));
        assertEquals(List.of("budget.currency:invalid", "budget.lines[0].amount:negative",
                "budget.lines[1].amount:invalid"), e.errors().stream().map(x -> x.field() + ":" + x.code()).toList());
    }

    @Test
    void approvalFlowAndMoneyChangeResetsApproval() {
        Brief b = f.create();
        b = f.service.decideBudget(b.id(), 1, "alice", ApprovalState.PENDING).brief();
        b = f.service.decideBudget(b.id(), 2, "dave", ApprovalState.APPROVED).brief();
        assertEquals(ApprovalState.APPROVED, b.budget().approval());

        // A change elsewhere keeps the approval…
        b = f.service.update(new UpdateBriefCommand(null, "alice", b.id(), 3, Fixture.changes().title("t2").build()))
                .brief();
        assertEquals(ApprovalState.APPROVED, b.budget().approval());
        // …a money change needs a new one.
        b = f.service.update(new UpdateBriefCommand(null, "alice", b.id(), 4, Fixture.changes()
                .budget("EUR", new BigDecimal("99999")).build())).brief();
        assertEquals(ApprovalState.NOT_SUBMITTED, b.budget().approval());

        String id = b.id();
        ConflictException e = assertThrows(ConflictException.class,
                () -> f.service.decideBudget(id, 5, "dave", ApprovalState.APPROVED));
        assertEquals("illegal_transition", e.errors().get(0).code());
    }
}
