package dam.core.bulk;

import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.NotFoundException;
import dam.core.library.DownloadRequest;
import dam.core.library.DownloadService;
import dam.core.library.RightsService;

import java.util.Set;

/**
 * Renders one item and answers its derivative's key; a {@link dam.core.DomainException} = this item failed (the
 * others go on), anything else fails the batch (retried by the state machine).
 */
@FunctionalInterface
public interface ItemRenderer {

    String render(BulkItem item);

    /**
     * Through the downloads' own path ({@link DownloadService#deliver}): the same validation, the same derivative
     * cache by (version, preset, format, focal point) — an item rendered before (by a download or an earlier run)
     * is not rendered again. Rights are checked again: they may have ended since the job was created.
     */
    static ItemRenderer viaDownloads(AssetRepository assets, DownloadService downloads, RightsService rights) {
        return item -> {
            Asset asset = assets.find(item.assetId()).orElseThrow(() -> new NotFoundException("assetId",
                    "asset " + item.assetId() + " no longer exists"));
            rights.requireUsable(item.assetId());
            return downloads.deliver(asset, new DownloadRequest(item.format(), item.preset(), null, null,
                    Integer.toString(item.version())), Set.of()).key();
        };
    }
}
