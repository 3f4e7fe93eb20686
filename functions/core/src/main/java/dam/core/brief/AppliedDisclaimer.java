package dam.core.brief;

import java.util.List;

/**
 * A disclaimer a brief must carry, traceable to the rule that triggered it ({@code ruleId}) and to the brief's channels
 * and regions that matched the rule.
 */
public record AppliedDisclaimer(String ruleId, ClaimType claim, String text, boolean legalApprovalRequired,
                                List<Channel> channels, List<String> regions) {

    public AppliedDisclaimer {
        channels = List.copyOf(channels);
        regions = List.copyOf(regions);
    }
}
