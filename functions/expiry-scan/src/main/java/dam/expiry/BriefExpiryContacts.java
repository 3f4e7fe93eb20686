package dam.expiry;

import dam.core.asset.Asset;
import dam.core.brief.BriefRepository;
import dam.core.brief.Member;
import dam.core.brief.MemberRole;
import dam.core.lifecycle.ExpiryContacts;

import java.util.List;

/**
 * The brand managers of an asset are the owners and managers named on its brief's team (there is no user directory
 * in the product yet); an asset without a brief has only its owner to remind.
 */
public final class BriefExpiryContacts implements ExpiryContacts {

    private final BriefRepository briefs;

    public BriefExpiryContacts(BriefRepository briefs) {
        this.briefs = briefs;
    }

    @Override
    public List<String> brandManagers(Asset asset) {
        if (asset.briefId() == null) {
            return List.of();
        }
        return briefs.find(asset.briefId()).map(b -> b.members().stream()
                .filter(m -> m.role() == MemberRole.OWNER || m.role() == MemberRole.MANAGER)
                .map(Member::userId).toList()).orElse(List.of());
    }
}
