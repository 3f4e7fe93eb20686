package dam.core.lifecycle;

import dam.core.asset.Asset;

import java.util.List;

/** Port: who hears about an asset's expiry besides its owner — the brand managers responsible for it. */
public interface ExpiryContacts {

    List<String> brandManagers(Asset asset);
}
