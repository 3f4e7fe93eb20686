package dam.core.asset;

import java.util.List;

/**
 * Fields of a new asset: brand (defaults to the brief's brand), optional brief link, campaign, channel, a display name
 * (defaults to the file name), description and keywords from the controlled vocabulary (synonyms are mapped).
 */
public record NewAsset(String brand, String briefId, String campaign, String channel, String displayName,
                       String description, List<String> keywords) {
}
