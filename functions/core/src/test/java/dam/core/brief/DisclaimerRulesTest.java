package dam.core.brief;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisclaimerRulesTest {

    private final DisclaimerRules rules = DisclaimerRules.defaults();

    /** claims | channels | regions → rule ids (space separated; "-" = none) and whether legal must approve. */
    @ParameterizedTest(name = "{0} on {1} in {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "price          | web             | DE         | price-eu-vat                                   | false",
            "price          | web             | GB         | price-eu-vat                                   | false",
            "price          | print           | US         | price-us-tax                                   | false",
            "price          | ooh             | JP         | -                                              | false",
            "health         | email           | JP         | health-any                                     | true",
            "finance        | social          | UK         | finance-uk-capital-at-risk                     | true",
            "finance        | social          | DE         | -                                              | false",
            "finance        | web             | GLOBAL     | finance-uk-capital-at-risk finance-us-risk     | true",
            "talent         | print           | US         | -                                              | false",
            "talent         | video print     | US         | talent-paid-partnership                        | false",
            "competition    | ooh             | BR         | competition-any                                | true",
            "environmental  | web             | EU         | environmental-eu-substantiation                | true",
            "environmental  | web             | FR         | environmental-eu-substantiation                | true",
            "price health   | web             | US FR      | health-any price-eu-vat price-us-tax           | true",
            "-              | web             | US         | -                                              | false"})
    void matrix(String claims, String channels, String regions, String expected, boolean legal) {
        BriefContent brief = content(claims, channels, regions);
        List<AppliedDisclaimer> applied = rules.apply(brief);
        assertEquals(split(expected), applied.stream().map(AppliedDisclaimer::ruleId).toList());
        assertEquals(legal, applied.stream().anyMatch(AppliedDisclaimer::legalApprovalRequired));
    }

    @Test
    void eachDisclaimerNamesTheChannelsAndRegionsThatTriggeredIt() {
        List<AppliedDisclaimer> applied = rules.apply(content("talent", "video print social", "US"));
        assertEquals(1, applied.size());
        AppliedDisclaimer d = applied.get(0);
        assertEquals(List.of(Channel.SOCIAL, Channel.VIDEO), d.channels());
        assertEquals(List.of("US"), d.regions());
        assertEquals(ClaimType.TALENT, d.claim());
        assertTrue(d.text().startsWith("Paid partnership"));
    }

    @Test
    void badRuleFilesFailWhenLoaded() {
        assertThrows(IllegalArgumentException.class, () -> load("""
                {"rules":[{"id":"a","claim":"price","channels":["*"],"regions":["*"],"text":"t"},
                          {"id":"a","claim":"price","channels":["*"],"regions":["*"],"text":"t"}]}"""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("""
                {"rules":[{"id":"x","claim":"price","channels":["fax"],"regions":["*"],"text":"t"}]}"""));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("""
                {"rules":[{"id":"y","claim":"gossip","channels":["*"],"regions":["*"],"text":"t"}]}"""));
        assertThrows(IllegalArgumentException.class, () -> load("""
                {"rules":[{"id":"z","claim":"price","channels":["*"],"regions":["*"],"text":" "}]}"""));
        assertThrows(IllegalArgumentException.class, () -> load("{\"rules\":[]}"));
    }

    @Test
    void customTableIsUsedAsData() throws Exception {
        DisclaimerRules custom = load("""
                {"rules":[{"id":"r1","claim":"price","channels":["email"],"regions":["NL"],"text":"Incl. BTW",
                           "legalApprovalRequired":true}]}""");
        assertEquals(List.of("r1"), custom.apply(content("price", "email", "NL")).stream()
                .map(AppliedDisclaimer::ruleId).toList());
        assertEquals(List.of(), custom.apply(content("price", "web", "NL")));
    }

    private static DisclaimerRules load(String json) throws Exception {
        return DisclaimerRules.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> split(String s) {
        return s.equals("-") ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static BriefContent content(String claims, String channels, String regions) {
        Set<ClaimType> c = Set.copyOf(split(claims).stream().map(ClaimType::fromCode).toList());
        Set<Channel> ch = Set.copyOf(split(channels).stream().map(Channel::fromCode).toList());
        return new BriefContent("t", List.of(), null, null, ch, split(regions), List.of(), List.of(),
                new Brand("b", null), "r", null, List.of(), c, List.of(), null, List.of());
    }
}
