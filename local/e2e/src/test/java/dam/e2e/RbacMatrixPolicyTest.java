package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dam.core.auth.Principal;
import dam.core.auth.Role;
import dam.core.library.Action;
import dam.core.library.Decision;
import dam.core.library.LibraryAsset;
import dam.core.library.LibraryPolicy;
import dam.core.library.Viewer;
import dam.core.library.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same hand-written table ({@code rbac/matrix.csv}) against the core's one permission rule
 * ({@link LibraryPolicy}), every cell — {@link RbacMatrixE2ETest} asserts the same cells through the deployed API, so a
 * difference between the policy and what the routes enforce shows up as one of the two failing.
 */
class RbacMatrixPolicyTest {

    private static final String BRIEF = "brief-under-review";
    private static final String GIVEN = "collection-given";

    private static String answer(Decision d) {
        return d.allowed() ? "allow" : d.hidden() ? "hidden" : "deny";
    }

    /** The caller the table means: Acme in scope, Globex out; externals: Acme too, but a collection not given. */
    private static Viewer viewer(Role role, boolean in, boolean approving) {
        boolean external = role == Role.EXTERNAL;
        Principal p = new Principal(role.code() + (in ? "@acme.example" : "@globex.example"), null, Set.of(role),
                Set.of(in || external ? "Acme" : "Globex"));
        return new Viewer(p, external ? Set.of(in ? GIVEN : "collection-other") : Set.of(),
                approving && in ? Set.of(BRIEF) : Set.of());
    }

    @Test
    void everyCellOfTheTableIsWhatTheCorePolicyDecides() throws Exception {
        Map<String, RbacMatrixE2ETest.Row> table = RbacMatrixE2ETest.table();
        LibraryAsset approved = new LibraryAsset("a-1", "Acme", null, "cara@acme.example", Visibility.APPROVED,
                Set.of(GIVEN));
        LibraryAsset inReview = new LibraryAsset("a-2", "Acme", BRIEF, "cara@acme.example", Visibility.IN_REVIEW,
                Set.of(GIVEN));
        List<String> mismatches = new ArrayList<>();
        int cells = 0;
        for (RbacMatrixE2ETest.Row row : table.values()) {
            Role role = Role.parse(row.role()).orElseThrow();
            Action action = Action.parse(row.action()).orElseThrow();
            boolean approving = action == Action.APPROVE;
            for (boolean in : List.of(true, false)) {
                Decision d = LibraryPolicy.decide(viewer(role, in, approving), action, approving ? inReview
                        : approved);
                if (!answer(d).equals(row.expected(in))) {
                    mismatches.add(row.role() + " " + row.action() + (in ? " in" : " out of") + " scope: expected "
                            + row.expected(in) + ", policy says " + answer(d) + " (" + d.reason() + ")");
                }
                cells++;
            }
        }
        assertThat(cells).isEqualTo(98);
        assertThat(mismatches).isEmpty();
    }
}
