package dam.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrincipalTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "[admin creator]",            // API Gateway's rendering of a JSON array claim
            "[\"admin\",\"creator\"]",    // a JSON array
            "[ \"admin\" , \"creator\" ]",
            "admin,creator",              // plain comma-separated
            "admin creator",
            "[admin, creator]"})
    void groupsParseInEveryFormatApiGatewayMaySend(String groups) {
        Principal p = Principal.fromClaims(Map.of("sub", "u1", "cognito:groups", groups));
        assertEquals(EnumSet.of(Role.ADMIN, Role.CREATOR), p.roles());
    }

    @Test
    void singleGroupAndUnknownGroupsAndCase() {
        assertEquals(Set.of(Role.BRAND_MANAGER),
                Principal.fromClaims(Map.of("sub", "u", "cognito:groups", "[brand-manager]")).roles());
        assertEquals(Set.of(Role.LEGAL),
                Principal.fromClaims(Map.of("sub", "u", "cognito:groups", "[us-east-1_pool_Google LEGAL]")).roles());
        assertEquals(Set.of(), Principal.fromClaims(Map.of("sub", "u")).roles());
        assertEquals(Set.of(), Principal.fromClaims(Map.of("sub", "u", "cognito:groups", "[]")).roles());
    }

    @Test
    void brandsKeepSpacesAndSplitOnCommasOrJson() {
        Principal plain = Principal.fromClaims(Map.of("sub", "u", "custom:brands", "Acme Foods, Zest ,Acme Foods"));
        assertEquals(List.of("Acme Foods", "Zest"), List.copyOf(plain.brands()));
        Principal json = Principal.fromClaims(Map.of("sub", "u", "custom:brands", "[\"Acme Foods\",\"Zest\"]"));
        assertEquals(List.of("Acme Foods", "Zest"), List.copyOf(json.brands()));
        Principal rendered = Principal.fromClaims(Map.of("sub", "u", "custom:brands", "[Acme Zest]"));
        assertEquals(List.of("Acme", "Zest"), List.copyOf(rendered.brands()));
    }

    @Test
    void claimsFillTheRecord() {
        Principal p = Principal.fromClaims(Map.of("sub", "alice@acme.example", "email", "alice@acme.example",
                "cognito:groups", "[creator]", "custom:brands", "Acme", "iss", "x", "aud", "dam"));
        assertEquals("alice@acme.example", p.userId());
        assertEquals("alice@acme.example", p.email());
        assertNull(Principal.fromClaims(Map.of("sub", "u")).email());
    }

    @Test
    void missingSubjectOrBrokenJsonIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Principal.fromClaims(Map.of("email", "a@b.example")));
        assertTrue(e.getMessage().contains("sub"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Principal.fromClaims(Map.of("sub", " ")));
        assertThrows(IllegalArgumentException.class,
                () -> Principal.fromClaims(Map.of("sub", "u", "cognito:groups", "[\"admin\" \"x]")));
    }

    @Test
    void brandScope() {
        Principal admin = Principal.fromClaims(Map.of("sub", "a", "cognito:groups", "[admin]"));
        assertTrue(admin.inBrandScope("Anything"), "an admin without brands covers every brand");
        Principal scopedAdmin = Principal.fromClaims(Map.of("sub", "a", "cognito:groups", "[admin]",
                "custom:brands", "Acme"));
        assertFalse(scopedAdmin.inBrandScope("Zest"));
        Principal manager = Principal.fromClaims(Map.of("sub", "m", "cognito:groups", "[brand-manager]",
                "custom:brands", "Acme Foods"));
        assertTrue(manager.inBrandScope("acme foods"), "brand names compare case-insensitively");
        assertFalse(manager.inBrandScope("Zest"));
        assertFalse(manager.inBrandScope(null));
        Principal nobody = Principal.fromClaims(Map.of("sub", "v", "cognito:groups", "[brand-manager]"));
        assertFalse(nobody.inBrandScope("Acme Foods"), "no brands = no scope for anyone but an admin");
    }
}
