package dam.core.asset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest rules as data ({@code dam/core/asset/ingest-rules.json}): limits, accepted media types and their file
 * extensions, naming templates per brand, quality profiles per brand/channel and the controlled vocabulary.
 */
public record IngestRules(Limits limits, Map<String, List<String>> types, Map<String, String> typeAliases,
                          Naming naming, QualityProfiles quality, Vocabulary vocabulary) {

    /**
     * @param maxSinglePutBytes  above this an upload is multipart (S3's single PUT limit is 5 GB; 100 MB keeps a
     *                           browser retry cheap)
     * @param maxPixels          decoded-size guard: larger declared dimensions are refused before decoding
     * @param nearDuplicateDistance perceptual-hash Hamming distance (of 64 bits) that counts as a near duplicate
     */
    public record Limits(long maxBytes, long maxSinglePutBytes, long maxPixels, long multipartPartBytes,
                         int uploadMinutes, int nearDuplicateDistance) {
    }

    public record Naming(String defaultTemplate, Map<String, String> brands) {

        public String templateFor(String brand) {
            return brands == null ? defaultTemplate
                    : brands.getOrDefault(brand == null ? "" : FileNames.slug(brand), defaultTemplate);
        }
    }

    public IngestRules {
        types = Map.copyOf(types);
        typeAliases = typeAliases == null ? Map.of() : Map.copyOf(typeAliases);
    }

    /** The rules shipped with the product. */
    public static IngestRules defaults() {
        try (InputStream in = IngestRules.class.getResourceAsStream("ingest-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("dam/core/asset/ingest-rules.json is missing from the classpath");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rules from a JSON document of the same shape as the shipped file. */
    public static IngestRules parse(byte[] json) throws IOException {
        ObjectMapper mapper = Json.mapper();
        var root = mapper.readTree(json);
        Limits limits = mapper.treeToValue(root.path("limits"), Limits.class);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> types = mapper.convertValue(root.path("types"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, String> aliases = mapper.convertValue(root.path("typeAliases"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, String> brands = mapper.convertValue(root.path("naming").path("brands"), Map.class);
        Naming naming = new Naming(root.path("naming").path("default").asText(), brands == null ? Map.of() : brands);
        if (naming.defaultTemplate().isBlank() || types.isEmpty()) {
            throw new IllegalArgumentException("ingest rules need a default naming template and accepted types");
        }
        return new IngestRules(limits, types, aliases, naming, QualityProfiles.parse(mapper, root.path("quality")),
                Vocabulary.parse(root.path("vocabulary")));
    }

    /** "image/JPG; charset=x" → "image/jpeg". */
    public String normaliseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return typeAliases.getOrDefault(base, base);
    }

    public boolean accepts(String mediaType) {
        return types.containsKey(normaliseType(mediaType));
    }

    /** The media type an extension belongs to, if accepted. */
    public Optional<String> typeOfExtension(String extension) {
        return types.entrySet().stream().filter(e -> e.getValue().contains(extension)).map(Map.Entry::getKey)
                .findFirst();
    }
}
