package dam.core.brief;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ValidationException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw {@link BriefInput} into {@link BriefContent}, collecting every field error. Text is kept verbatim (only
 * trimmed): HTML or script in a title is just text. Dates "in the past" are only refused when they are new or changed,
 * so an old brief can still be edited after its milestones have passed.
 */
final class BriefValidator {

    static final int TITLE_MAX = 200;
    static final int TEXT_MAX = 2000;
    static final int SHORT_MAX = 200;
    static final int LIST_MAX = 50;
    static final int ITEMS_MAX = 100;
    static final int TAG_MAX = 64;
    static final int QUANTITY_MAX = 10_000;
    static final BigDecimal AMOUNT_MAX = new BigDecimal("1000000000000");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2,6}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** Deliberately simple: one @, a dot in the domain, no spaces or angle brackets (it goes into mail headers). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;]+@[^@\\s<>\",;]+\\.[^@\\s<>\",;]+");
    static final int APPROVERS_MAX = 20;

    private final List<FieldError> errors = new ArrayList<>();
    private final BriefContent previous;
    private final LocalDate today;

    private BriefValidator(BriefContent previous, LocalDate today) {
        this.previous = previous;
        this.today = today;
    }

    /** Validates a complete input (a create, or an update overlaid on the stored content). */
    static BriefContent validate(BriefInput in, BriefContent previous, LocalDate today) {
        BriefValidator v = new BriefValidator(previous, today);
        BriefContent content = v.content(in);
        if (!v.errors.isEmpty()) {
            throw new ValidationException(v.errors);
        }
        return content;
    }

    private BriefContent content(BriefInput in) {
        String title = requiredText("title", in.title(), TITLE_MAX);
        List<String> objectives = texts("objectives", in.objectives(), LIST_MAX, TEXT_MAX);
        String keyMessage = optionalText("keyMessage", in.keyMessage(), TEXT_MAX);
        String audience = optionalText("audience", in.audience(), TEXT_MAX);
        Set<Channel> channels = channels(in.channels());
        List<String> regions = regions(in.regions());
        List<Deliverable> deliverables = deliverables(in.deliverables(), channels);
        List<String> mandatory = texts("mandatoryElements", in.mandatoryElements(), LIST_MAX, TEXT_MAX);
        Brand brand = brand(in.brand());
        String requester = requiredText("requester", in.requester(), SHORT_MAX);
        LocalDate dueDate = date("dueDate", in.dueDate(), true, previous == null ? null : previous.dueDate());
        List<String> tags = texts("tags", in.tags(), LIST_MAX, TAG_MAX);
        Set<ClaimType> claims = claims(in.claims());
        List<Milestone> milestones = milestones(in.milestones());
        Budget budget = budget(in.budget());
        List<Member> members = members(in.members());
        List<Approver> approvals = approvals(in.approvals(), budget);
        return new BriefContent(title, objectives, keyMessage, audience, channels, regions, deliverables, mandatory,
                brand, requester, dueDate, tags, claims, milestones, budget, members, approvals);
    }

    private void error(String field, String code, String message) {
        errors.add(new FieldError(field, code, message));
    }

    private String requiredText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            error(field, Codes.REQUIRED, field + " is required");
            return null;
        }
        return optionalText(field, value, max);
    }

    private String optionalText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        if (t.length() > max) {
            // Never echo the value: it may be a megabyte.
            error(field, Codes.TOO_LONG, field + " has " + t.length() + " characters; at most " + max + " allowed");
            return null;
        }
        return t.isEmpty() ? null : t;
    }

    private List<String> texts(String field, List<String> values, int maxItems, int maxLength) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxItems) {
            error(field, Codes.TOO_MANY, field + " has " + values.size() + " entries; at most " + maxItems);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String t = requiredText(field + "[" + i + "]", values.get(i), maxLength);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private Set<Channel> channels(List<String> codes) {
        if (codes == null || codes.isEmpty()) {
            error("channels", Codes.REQUIRED, "at least one channel is required; known: " + Coded.codes(Channel.class));
            return Set.of();
        }
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        for (int i = 0; i < codes.size(); i++) {
            Channel c = enumValue("channels[" + i + "]", codes.get(i), Channel.class);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private <E extends Enum<E> & Coded> E enumValue(String field, String code, Class<E> type) {
        if (code == null || code.isBlank()) {
            error(field, Codes.REQUIRED, field + " is required");
            return null;
        }
        var parsed = Coded.parse(type, code);
        if (parsed.isEmpty()) {
            String shown = code.length() > 40 ? code.substring(0, 40) + "…" : code;
            error(field, Codes.UNKNOWN_VALUE, "unknown value '" + shown + "'; known: " + Coded.codes(type));
            return null;
        }
        return parsed.get();
    }

    private List<String> regions(List<String> codes) {
        if (codes == null || codes.isEmpty()) {
            error("regions", Codes.REQUIRED, "at least one region is required (ISO country code or EU, APAC, GLOBAL…)");
            return List.of();
        }
        if (codes.size() > ITEMS_MAX) {
            error("regions", Codes.TOO_MANY, "at most " + ITEMS_MAX + " regions");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String r = codes.get(i) == null ? "" : codes.get(i).strip().toUpperCase(Locale.ROOT);
            if (!REGION.matcher(r).matches()) {
                error("regions[" + i + "]", Codes.INVALID, "a region is a country code (DE) or a group (EU, GLOBAL)");
            } else if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Deliverable> deliverables(List<BriefInput.DeliverableInput> in, Set<Channel> channels) {
        if (in == null) {
            return List.of();
        }
        if (in.size() > ITEMS_MAX) {
            error("deliverables", Codes.TOO_MANY, "at most " + ITEMS_MAX + " deliverables");
            return List.of();
        }
        List<Deliverable> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String f = "deliverables[" + i + "]";
            BriefInput.DeliverableInput d = in.get(i);
            if (d == null) {
                error(f, Codes.REQUIRED, "a deliverable cannot be null");
                continue;
            }
            Channel channel = enumValue(f + ".channel", d.channel(), Channel.class);
            if (channel != null && !channels.isEmpty() && !channels.contains(channel)) {
                error(f + ".channel", Codes.INVALID, "channel '" + channel.code() + "' is not one of the brief's channels");
            }
            String format = requiredText(f + ".format", d.format(), SHORT_MAX);
            String spec = optionalText(f + ".spec", d.spec(), TEXT_MAX);
            int quantity = d.quantity() == null ? 1 : d.quantity();
            if (quantity < 1 || quantity > QUANTITY_MAX) {
                error(f + ".quantity", Codes.INVALID, "quantity must be between 1 and " + QUANTITY_MAX);
            }
            out.add(new Deliverable(channel, format, spec, quantity));
        }
        return out;
    }

    private Brand brand(BriefInput.BrandInput in) {
        if (in == null) {
            error("brand", Codes.REQUIRED, "brand is required");
            return null;
        }
        String name = requiredText("brand.name", in.name(), SHORT_MAX);
        String url = optionalText("brand.guidelinesUrl", in.guidelinesUrl(), TEXT_MAX);
        if (url != null && !isWebUrl(url)) {
            error("brand.guidelinesUrl", Codes.INVALID, "must be an absolute http(s) URL");
        }
        return new Brand(name, url);
    }

    private static boolean isWebUrl(String s) {
        try {
            URI u = new URI(s);
            return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Parses an ISO date; a new or changed date must not be before today. */
    private LocalDate date(String field, String value, boolean required, LocalDate previousValue) {
        if (value == null || value.isBlank()) {
            if (required) {
                error(field, Codes.REQUIRED, field + " is required (yyyy-mm-dd)");
            }
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            error(field, Codes.INVALID, field + " must be an ISO date (yyyy-mm-dd)");
            return null;
        }
        if (d.isBefore(today) && !d.equals(previousValue)) {
            error(field, Codes.IN_PAST, field + " " + d + " is in the past (today is " + today + ")");
        }
        return d;
    }

    private Set<ClaimType> claims(List<String> codes) {
        if (codes == null) {
            return Set.of();
        }
        Set<ClaimType> out = EnumSet.noneOf(ClaimType.class);
        for (int i = 0; i < codes.size(); i++) {
            ClaimType c = enumValue("claims[" + i + "]", codes.get(i), ClaimType.class);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Milestone> milestones(List<BriefInput.MilestoneInput> in) {
        if (in == null) {
            return List.of();
        }
        if (in.size() > ITEMS_MAX) {
            error("milestones", Codes.TOO_MANY, "at most " + ITEMS_MAX + " milestones");
            return List.of();
        }
        Map<String, Milestone> before = new HashMap<>();
        if (previous != null) {
            previous.milestones().forEach(m -> before.put(m.id(), m));
        }
        IdSequence ids = new IdSequence("m", before.keySet(), in.stream().map(m -> m == null ? null : m.id()).toList());
        Set<String> seen = new HashSet<>();
        List<Milestone> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String f = "milestones[" + i + "]";
            BriefInput.MilestoneInput m = in.get(i);
            if (m == null) {
                error(f, Codes.REQUIRED, "a milestone cannot be null");
                continue;
            }
            String id = m.id();
            if (id != null && !before.containsKey(id)) {
                error(f + ".id", Codes.NOT_FOUND, "no milestone '" + id + "' on this brief (omit id to add one)");
                continue;
            }
            if (id != null && !seen.add(id)) {
                error(f + ".id", Codes.DUPLICATE, "milestone '" + id + "' listed twice");
                continue;
            }
            Milestone old = id == null ? null : before.get(id);
            String name = requiredText(f + ".name", m.name(), SHORT_MAX);
            String owner = requiredText(f + ".owner", m.owner(), SHORT_MAX);
            LocalDate due = date(f + ".dueDate", m.dueDate(), true, old == null ? null : old.dueDate());
            out.add(new Milestone(id != null ? id : ids.next(), name, owner, due, Boolean.TRUE.equals(m.done())));
        }
        return out;
    }

    private Budget budget(BriefInput.BudgetInput in) {
        if (in == null) {
            return previous == null ? null : previous.budget();
        }
        String currency = in.currency() == null ? "" : in.currency().strip().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            error("budget.currency", Codes.INVALID, "currency must be an ISO 4217 code such as EUR");
        }
        List<BriefInput.BudgetLineInput> lines = in.lines() == null ? List.of() : in.lines();
        if (lines.size() > ITEMS_MAX) {
            error("budget.lines", Codes.TOO_MANY, "at most " + ITEMS_MAX + " budget lines");
            return null;
        }
        Set<String> oldIds = new HashSet<>();
        if (previous != null && previous.budget() != null) {
            previous.budget().lines().forEach(l -> oldIds.add(l.id()));
        }
        IdSequence ids = new IdSequence("l", oldIds, lines.stream().map(l -> l == null ? null : l.id()).toList());
        List<BudgetLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String f = "budget.lines[" + i + "]";
            BriefInput.BudgetLineInput l = lines.get(i);
            if (l == null) {
                error(f, Codes.REQUIRED, "a budget line cannot be null");
                continue;
            }
            String description = requiredText(f + ".description", l.description(), TEXT_MAX);
            BigDecimal amount = l.amount();
            if (amount == null) {
                error(f + ".amount", Codes.REQUIRED, "amount is required");
            } else if (amount.signum() < 0) {
                error(f + ".amount", Codes.NEGATIVE, "amount must not be negative");
            } else if (amount.compareTo(AMOUNT_MAX) > 0 || amount.stripTrailingZeros().scale() > 2) {
                error(f + ".amount", Codes.INVALID, "amount must have at most 2 decimals and be below " + AMOUNT_MAX);
            }
            String id = l.id() != null && oldIds.contains(l.id()) ? l.id() : ids.next();
            out.add(new BudgetLine(id, description, amount));
        }
        Budget candidate = Budget.of(currency, out, ApprovalState.NOT_SUBMITTED);
        Budget old = previous == null ? null : previous.budget();
        // An unchanged budget keeps its approval; any money change has to be approved again.
        return old != null && old.sameMoneyAs(candidate) ? old : candidate;
    }

    private List<Member> members(List<BriefInput.MemberInput> in) {
        if (in == null) {
            return List.of();
        }
        if (in.size() > ITEMS_MAX) {
            error("members", Codes.TOO_MANY, "at most " + ITEMS_MAX + " members");
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String f = "members[" + i + "]";
            BriefInput.MemberInput m = in.get(i);
            if (m == null) {
                error(f, Codes.REQUIRED, "a member cannot be null");
                continue;
            }
            String user = requiredText(f + ".userId", m.userId(), SHORT_MAX);
            MemberRole role = enumValue(f + ".role", m.role(), MemberRole.class);
            if (user != null && !seen.add(user)) {
                error(f + ".userId", Codes.DUPLICATE, "'" + user + "' is already a member");
            }
            out.add(new Member(user, role));
        }
        return out;
    }

    /** Named approvers: a known kind, an email address, no pair twice, a budget approver only with a budget. */
    private List<Approver> approvals(List<BriefInput.ApproverInput> in, Budget budget) {
        if (in == null) {
            return List.of();
        }
        if (in.size() > APPROVERS_MAX) {
            error("approvals", Codes.TOO_MANY, "at most " + APPROVERS_MAX + " approvers");
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<Approver> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String f = "approvals[" + i + "]";
            BriefInput.ApproverInput a = in.get(i);
            if (a == null) {
                error(f, Codes.REQUIRED, "an approver cannot be null");
                continue;
            }
            ApprovalKind kind = enumValue(f + ".kind", a.kind(), ApprovalKind.class);
            String email = requiredText(f + ".approver", a.approver(), SHORT_MAX);
            if (email != null && !EMAIL.matcher(email).matches()) {
                error(f + ".approver", Codes.INVALID, "an approver is named by email address (name@example.com)");
                continue;
            }
            if (kind == ApprovalKind.BUDGET && budget == null) {
                error(f + ".kind", Codes.INVALID, "a budget approver needs a budget on the brief");
            }
            if (kind != null && email != null) {
                String normalised = email.toLowerCase(Locale.ROOT);
                if (!seen.add(kind.code() + " " + normalised)) {
                    error(f, Codes.DUPLICATE, "'" + email + "' already approves " + kind.code());
                }
                out.add(new Approver(kind, normalised));
            }
        }
        return out;
    }

    /** Hands out "m1", "m2"… after the highest id in use (stored or requested), so new ids never collide. */
    private static final class IdSequence {
        private final String prefix;
        private int next;

        IdSequence(String prefix, Set<String> previous, List<String> requested) {
            this.prefix = prefix;
            int max = 0;
            for (String id : previous) {
                max = Math.max(max, number(id));
            }
            for (String id : requested) {
                max = Math.max(max, number(id));
            }
            this.next = max + 1;
        }

        private int number(String id) {
            if (id == null || !id.startsWith(prefix)) {
                return 0;
            }
            try {
                return Integer.parseInt(id.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return 0; // a foreign id cannot collide with our numbering
            }
        }

        String next() {
            return prefix + next++;
        }
    }
}
