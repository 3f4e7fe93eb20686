package dam.core.review;

import dam.core.approval.ApprovalLinkRepository;
import dam.core.asset.AssetRepository;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An asset's audit trail for export and verification. An asset has two hash chains: {@code asset} (ingest and
 * version changes, guarded by the asset's revision) and {@code review} (requests, views, refusals, decisions,
 * comments, annotations, resubmissions, reminders — {@link Review#chain}). Both are exported; verification recomputes
 * every hash and link and reports the first broken entry of each chain.
 */
public final class ReviewAudit {

    public static final String ASSET_CHAIN = "asset";
    public static final String REVIEW_CHAIN = "review";

    private final AssetRepository assets;
    private final ApprovalLinkRepository links;

    public ReviewAudit(AssetRepository assets, ApprovalLinkRepository links) {
        this.assets = Objects.requireNonNull(assets);
        this.links = Objects.requireNonNull(links);
    }

    /** One exported entry, tagged with its chain. */
    public record Row(String chain, AuditEntry entry) {
    }

    /** What verification found in one chain: the first broken entry (its seq) or none. */
    public record ChainCheck(String chain, int entries, boolean intact, Long firstBrokenSeq, String problem) {
    }

    public record Verification(String assetId, boolean intact, List<ChainCheck> chains) {
    }

    public List<Row> export(String assetId) {
        List<Row> rows = new ArrayList<>();
        assets.audit(assetId).forEach(e -> rows.add(new Row(ASSET_CHAIN, e)));
        links.audit(Review.chain(assetId)).forEach(e -> rows.add(new Row(REVIEW_CHAIN, e)));
        return rows;
    }

    public Verification verify(String assetId) {
        List<ChainCheck> checks = List.of(check(ASSET_CHAIN, assets.audit(assetId)),
                check(REVIEW_CHAIN, links.audit(Review.chain(assetId))));
        return new Verification(assetId, checks.stream().allMatch(ChainCheck::intact), checks);
    }

    static ChainCheck check(String name, List<AuditEntry> chain) {
        int broken = AuditChain.firstBroken(chain);
        if (broken < 0) {
            // A gap in sequence numbers (an entry deleted at the end is caught by nothing but the count) is broken too.
            for (int i = 0; i < chain.size(); i++) {
                if (chain.get(i).seq() != i + 1) {
                    return new ChainCheck(name, chain.size(), false, chain.get(i).seq(), "sequence gap: expected "
                            + (i + 1) + ", found " + chain.get(i).seq());
                }
            }
            return new ChainCheck(name, chain.size(), true, null, null);
        }
        AuditEntry e = chain.get(broken);
        String expectedPrev = broken == 0 ? AuditChain.GENESIS : chain.get(broken - 1).hash();
        String problem = !e.prevHash().equals(expectedPrev)
                ? "prevHash does not match the previous entry's hash"
                : "hash does not match the entry's content (edited)";
        return new ChainCheck(name, chain.size(), false, e.seq(), problem);
    }

    /** RFC 4180 CSV: chain, seq, at, actor, action, detail, prevHash, hash. */
    public static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("chain,seq,at,actor,action,detail,prevHash,hash\r\n");
        for (Row r : rows) {
            AuditEntry e = r.entry();
            b.append(cell(r.chain())).append(',').append(e.seq()).append(',').append(cell(e.at().toString()))
                    .append(',').append(cell(e.actor())).append(',').append(cell(e.action())).append(',')
                    .append(cell(e.detail())).append(',').append(cell(e.prevHash())).append(',').append(cell(e.hash()))
                    .append("\r\n");
        }
        return b.toString();
    }

    /** Quotes when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
    static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(v)) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
