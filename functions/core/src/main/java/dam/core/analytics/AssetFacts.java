package dam.core.analytics;

/** What the aggregator and the reports need to know of an asset: its brand, marketing channel and name. */
public record AssetFacts(String assetId, String brand, String channel, String title) {

    public AssetFacts {
        channel = channel == null || channel.isBlank() ? "unassigned" : channel;
        title = title == null || title.isBlank() ? assetId : title;
    }
}
