package dam.core.library;

import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.auth.Principal;
import dam.core.auth.Role;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryPolicyTest {

    /**
     * THE matrix (also in the README): a role's answer for an asset in its scope. Out of scope every cell is denied
     * and hidden (404). In scope means: the brand is in the caller's brand scope (externals: the asset is in a
     * collection they were given); for approve, the asset is in review and the caller is on its brief team.
     */
    static final String MATRIX = """
            role          search view download share edit approve delete
            admin         Y      Y    Y        Y     Y    Y       Y
            brand-manager Y      Y    Y        Y     Y    Y       Y
            creator       Y      Y    Y        N     Y    N       N
            reviewer      Y      Y    Y        N     N    Y       N
            legal         Y      Y    Y        N     N    Y       N
            viewer        Y      Y    Y        N     N    N       N
            external      Y      Y    Y        N     N    N       N
            """;

    record Cell(Role role, Action action, boolean inScope, boolean expected) {
    }

    static List<Cell> cells() {
        List<String> lines = MATRIX.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        List<Action> actions = Stream.of(lines.get(0).split("\\s+")).skip(1)
                .map(a -> Action.parse(a).orElseThrow()).toList();
        List<Cell> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\\s+");
            Role role = Role.parse(cols[0]).orElseThrow();
            for (int i = 0; i < actions.size(); i++) {
                out.add(new Cell(role, actions.get(i), true, cols[i + 1].equals("Y")));
                out.add(new Cell(role, actions.get(i), false, false));
            }
        }
        return out;
    }

    static Viewer viewer(Role role, Set<String> teamBriefs) {
        return new Viewer(new Principal("u-" + role.code(), null, Set.of(role), Set.of("Acme")),
                Set.of("coll-given"), teamBriefs);
    }

    /** The asset a cell is about: in review for approve, approved otherwise; in or out of the caller's scope. */
    static LibraryAsset subject(Cell c) {
        Visibility v = c.action() == Action.APPROVE ? Visibility.IN_REVIEW : Visibility.APPROVED;
        boolean external = c.role() == Role.EXTERNAL;
        String brand = c.inScope() && !external ? "Acme" : "Globex";
        String collection = c.inScope() && external ? "coll-given" : "coll-other";
        return new LibraryAsset("a1", brand, "brief-1", "someone-else", v, Set.of(collection));
    }

    @TestFactory
    Stream<DynamicTest> everyRoleTimesActionTimesScopeCellIsAsserted() {
        List<Cell> cells = cells();
        assertEquals(Role.values().length * Action.values().length * 2, cells.size(), "matrix covers every cell");
        return cells.stream().map(c -> DynamicTest.dynamicTest(
                c.role().code() + " " + c.action().code() + (c.inScope() ? " in scope" : " out of scope")
                        + " → " + (c.expected() ? "allow" : "deny"), () -> {
                    Viewer v = viewer(c.role(), c.inScope() && c.action() == Action.APPROVE ? Set.of("brief-1")
                            : Set.of());
                    LibraryAsset a = subject(c);
                    Decision d = LibraryPolicy.decide(v, c.action(), a);
                    assertEquals(c.expected(), d.allowed(), d.reason());
                    if (!c.inScope()) {
                        assertTrue(d.hidden(), "out of scope is hidden (404), not 403: " + d.reason());
                    }
                    if (c.action() == Action.SEARCH) {
                        assertEquals(c.expected(), LibraryPolicy.searchScope(v).matches(a),
                                "search scope agrees with decide()");
                    }
                }));
    }

    @Test
    void grantsTableAndMatrixAgree() {
        for (Cell c : cells()) {
            if (c.inScope()) {
                assertEquals(c.expected(), LibraryPolicy.GRANTS.get(c.role()).contains(c.action()), c.toString());
            }
        }
    }

    @Test
    void draftsAreVisibleOnlyToTheBriefTeamAndAdminsInScope() {
        LibraryAsset draft = new LibraryAsset("d", "Acme", "brief-1", "carol", Visibility.DRAFT, Set.of());
        Viewer stranger = viewer(Role.BRAND_MANAGER, Set.of());
        Decision d = LibraryPolicy.decide(stranger, Action.VIEW, draft);
        assertTrue(d.hidden(), d.reason());
        assertTrue(LibraryPolicy.allowed(viewer(Role.VIEWER, Set.of("brief-1")), Action.VIEW, draft));
        Viewer uploader = new Viewer(new Principal("carol", null, Set.of(Role.CREATOR), Set.of()), Set.of(), Set.of());
        assertTrue(LibraryPolicy.allowed(uploader, Action.EDIT, draft), "the uploader's team, whatever the brand");
        assertTrue(LibraryPolicy.allowed(viewer(Role.ADMIN, Set.of()), Action.VIEW, draft));
        Decision share = LibraryPolicy.decide(viewer(Role.BRAND_MANAGER, Set.of("brief-1")), Action.SHARE, draft);
        assertFalse(share.allowed());
        assertFalse(share.hidden());
        assertTrue(share.reason().contains("only approved"), share.reason());
        assertFalse(LibraryPolicy.allowed(viewer(Role.REVIEWER, Set.of("brief-1")), Action.APPROVE, draft),
                "a draft is not in review yet");
    }

    @Test
    void expiredAndArchivedAreHiddenExceptFromAdmins() {
        for (Visibility v : EnumSet.of(Visibility.EXPIRED, Visibility.ARCHIVED)) {
            LibraryAsset a = new LibraryAsset("x", "Acme", "brief-1", "u-creator", v, Set.of("coll-given"));
            for (Role r : Role.values()) {
                Decision d = LibraryPolicy.decide(viewer(r, Set.of("brief-1")), Action.VIEW, a);
                assertEquals(r == Role.ADMIN, d.allowed(), r + " " + v + ": " + d.reason());
                assertEquals(r != Role.ADMIN, d.hidden());
                assertEquals(r == Role.ADMIN, LibraryPolicy.searchScope(viewer(r, Set.of("brief-1"))).matches(a));
            }
        }
        Decision download = LibraryPolicy.decide(viewer(Role.ADMIN, Set.of()), Action.DOWNLOAD,
                new LibraryAsset("x", "Acme", null, null, Visibility.EXPIRED, Set.of()));
        assertFalse(download.allowed());
        assertTrue(download.reason().contains("expired"), download.reason());
    }

    @Test
    void rolesAddUpAndNoRoleSeesNothing() {
        LibraryAsset approved = new LibraryAsset("a", "Acme", null, null, Visibility.APPROVED, Set.of());
        Viewer both = new Viewer(new Principal("u", null, Set.of(Role.VIEWER, Role.CREATOR), Set.of("acme")),
                Set.of(), Set.of());
        assertTrue(LibraryPolicy.allowed(both, Action.EDIT, approved), "creator's edit, brand compared ignoring case");
        Viewer none = new Viewer(new Principal("u", null, Set.of(), Set.of("Acme")), Set.of(), Set.of());
        assertTrue(LibraryPolicy.decide(none, Action.VIEW, approved).hidden());
        assertTrue(LibraryPolicy.searchScope(none).empty());
        Viewer admin = new Viewer(new Principal("root", null, Set.of(Role.ADMIN), Set.of()), Set.of(), Set.of());
        assertTrue(LibraryPolicy.allowed(admin, Action.DELETE, approved), "an admin without brands has every brand");
        assertTrue(LibraryPolicy.searchScope(admin).allBrands());
    }

    @Test
    void decisionsBecome404Or403() {
        LibraryAsset approved = new LibraryAsset("a", "Acme", null, null, Visibility.APPROVED, Set.of());
        Decision denied = LibraryPolicy.decide(viewer(Role.VIEWER, Set.of()), Action.DELETE, approved);
        ForbiddenException f = assertThrows(ForbiddenException.class, () -> denied.orThrow("a"));
        assertTrue(f.getMessage().contains("delete needs one of the roles"), f.getMessage());
        Decision hidden = LibraryPolicy.decide(viewer(Role.VIEWER, Set.of()), Action.VIEW,
                new LibraryAsset("b", "Globex", null, null, Visibility.APPROVED, Set.of()));
        NotFoundException n = assertThrows(NotFoundException.class, () -> hidden.orThrow("b"));
        assertFalse(n.getMessage().contains("Globex"), "nothing about the asset leaks");
        LibraryPolicy.decide(viewer(Role.VIEWER, Set.of()), Action.VIEW, approved).orThrow("a");
    }

    @Test
    void externalCollectionsComeFromTheClaims() {
        Viewer v = Viewer.fromClaims(Map.of("sub", "ext-1", "cognito:groups", "[external]",
                "custom:collections", "[c1 c2]"));
        assertEquals(Set.of("c1", "c2"), v.collections());
        assertTrue(LibraryPolicy.allowed(v, Action.DOWNLOAD,
                new LibraryAsset("a", "Any", null, null, Visibility.APPROVED, Set.of("c2"))));
        assertFalse(LibraryPolicy.allowed(v, Action.DOWNLOAD,
                new LibraryAsset("a", "Any", null, null, Visibility.APPROVED, Set.of("c3"))));
    }
}
