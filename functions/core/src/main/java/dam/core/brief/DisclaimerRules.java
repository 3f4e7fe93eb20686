package dam.core.brief;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The legal disclaimer rules table — data, not code (issue 5). Each rule maps claim type × channels × regions to a
 * text and a "legal approval required" flag. Regions match exactly, through a region group ("EU" contains "DE", in
 * either direction), or via "*" in the rule or "GLOBAL" in the brief. The table is checked when loaded: a bad rule
 * file fails at start-up, never silently at match time.
 */
public final class DisclaimerRules {

    /** The rules shipped with the product. */
    public static final String DEFAULT_RESOURCE = "/dam/core/brief/disclaimer-rules.json";
    private static final String ANY = "*";
    private static final String GLOBAL = "GLOBAL";

    record Rule(String id, ClaimType claim, Set<Channel> channels, Set<String> regions, String text,
                boolean legalApprovalRequired) {
    }

    private final List<Rule> rules;
    private final Map<String, Set<String>> groups;

    private DisclaimerRules(List<Rule> rules, Map<String, Set<String>> groups) {
        this.rules = List.copyOf(rules);
        this.groups = Map.copyOf(groups);
    }

    public static DisclaimerRules defaults() {
        try (InputStream in = DisclaimerRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    public static DisclaimerRules load(InputStream json) throws IOException {
        ObjectMapper mapper = Json.mapper();
        JsonNode root = mapper.readTree(json);
        Map<String, Set<String>> groups = new HashMap<>();
        root.path("regionGroups").properties().forEach(e -> {
            Set<String> members = new HashSet<>();
            e.getValue().forEach(m -> members.add(m.asText().toUpperCase(Locale.ROOT)));
            groups.put(e.getKey().toUpperCase(Locale.ROOT), members);
        });
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode r : root.path("rules")) {
            String id = r.path("id").asText("");
            if (id.isBlank() || !ids.add(id)) {
                throw new IllegalArgumentException("disclaimer rule id missing or duplicated: '" + id + "'");
            }
            try {
                ClaimType claim = ClaimType.fromCode(r.path("claim").asText(null));
                Set<Channel> channels = new LinkedHashSet<>();
                for (JsonNode c : r.path("channels")) {
                    if (ANY.equals(c.asText())) {
                        channels.addAll(List.of(Channel.values()));
                    } else {
                        channels.add(Channel.fromCode(c.asText()));
                    }
                }
                Set<String> regions = new LinkedHashSet<>();
                r.path("regions").forEach(x -> regions.add(x.asText().toUpperCase(Locale.ROOT)));
                String text = r.path("text").asText("");
                if (channels.isEmpty() || regions.isEmpty() || text.isBlank()) {
                    throw new IllegalArgumentException("channels, regions and text are required");
                }
                rules.add(new Rule(id, claim, channels, regions, text, r.path("legalApprovalRequired").asBoolean()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("disclaimer rule '" + id + "' is invalid: " + e.getMessage(), e);
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("the disclaimer rules table has no rules");
        }
        return new DisclaimerRules(rules, groups);
    }

    public int size() {
        return rules.size();
    }

    /** The disclaimers a brief triggers, one per matching rule, ordered by rule id. */
    public List<AppliedDisclaimer> apply(BriefContent brief) {
        List<AppliedDisclaimer> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (!brief.claims().contains(rule.claim())) {
                continue;
            }
            List<Channel> channels = brief.channels().stream().filter(rule.channels()::contains).sorted().toList();
            List<String> regions = brief.regions().stream().filter(r -> matches(rule, r)).sorted().toList();
            if (!channels.isEmpty() && !regions.isEmpty()) {
                out.add(new AppliedDisclaimer(rule.id(), rule.claim(), rule.text(), rule.legalApprovalRequired(),
                        channels, regions));
            }
        }
        out.sort(Comparator.comparing(AppliedDisclaimer::ruleId));
        return out;
    }

    private boolean matches(Rule rule, String briefRegion) {
        if (GLOBAL.equals(briefRegion) || rule.regions().contains(ANY) || rule.regions().contains(briefRegion)) {
            return true;
        }
        for (String ruleRegion : rule.regions()) {
            if (groups.getOrDefault(ruleRegion, Set.of()).contains(briefRegion)
                    || groups.getOrDefault(briefRegion, Set.of()).contains(ruleRegion)) {
                return true;
            }
        }
        return false;
    }
}
