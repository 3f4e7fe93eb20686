package dam.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.Rendition;
import dam.core.asset.TechMetadata;
import dam.core.auth.Principal;
import dam.core.json.Json;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Version N against version M side by side (issue 7): the same rendition preset of both versions as short-lived GET
 * URLs, a metadata diff, and a pixel visual diff of those renditions (PDFs compare their first pages: their renditions
 * are of page 1). The diff is computed once per (from, to, preset) and kept next to the renditions — versions are
 * immutable once ready, so a stored result never goes stale; a second call reads it back.
 */
public final class VersionCompare {

    /** Rendition presets compared, best first: the same one must exist for both versions. */
    static final List<String> PRESETS = List.of("preview", "web", "thumbnail");
    static final Duration URL_TTL = Duration.ofMinutes(5);
    /** Bumped when the diff algorithm or its settings change, so older stored results are not reused. */
    static final String CACHE_GENERATION = "g1";
    private static final System.Logger LOG = System.getLogger(VersionCompare.class.getName());

    private final SecuredReviews access;
    private final AssetRepository assets;
    private final CompareStorage storage;
    private final PixelDiffer differ;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();

    public VersionCompare(SecuredReviews access, AssetRepository assets, CompareStorage storage, PixelDiffer differ,
                          Clock clock) {
        this.access = Objects.requireNonNull(access);
        this.assets = Objects.requireNonNull(assets);
        this.storage = Objects.requireNonNull(storage);
        this.differ = Objects.requireNonNull(differ);
        this.clock = Objects.requireNonNull(clock);
    }

    public record Comparison(String assetId, Side from, Side to, String preset, Instant urlsExpireAt,
                             List<Change> metadata, VisualDiff visualDiff, String visualDiffUnavailable) {
    }

    /** One version: what it is, and its rendition of the compared preset (null when it has none). */
    public record Side(int version, String state, String fileName, String contentType, Long size, String sha256,
                       RenditionLink rendition) {
    }

    public record RenditionLink(String name, URI url, int width, int height, String contentType) {
    }

    /** A metadata field that differs; values are strings (null = absent). */
    public record Change(String field, String from, String to) {
    }

    /** The pixel diff; {@code cached} tells whether it was read back rather than computed by this call. */
    public record VisualDiff(int width, int height, long changedPixels, double percentChanged,
                             List<PixelDiffer.Region> regions, URI overlayUrl, boolean cached) {
    }

    /** What is stored per pair: the result without its overlay image (stored beside it as PNG). */
    record Stored(String generation, int width, int height, long changedPixels, double percentChanged,
                  List<PixelDiffer.Region> regions) {
    }

    public Comparison compare(Principal p, String assetId, Integer from, Integer to) {
        List<FieldError> errors = new ArrayList<>();
        check("from", from, errors);
        check("to", to, errors);
        if (errors.isEmpty() && from.equals(to)) {
            errors.add(new FieldError("to", Codes.INVALID, "compare two different versions"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        access.visible(p, assetId);
        AssetVersion a = version(assetId, from);
        AssetVersion b = version(assetId, to);
        Optional<String> preset = PRESETS.stream().filter(n -> image(a, n).isPresent() && image(b, n).isPresent())
                .findFirst();
        Instant expires = clock.instant().plus(URL_TTL);
        String name = preset.orElse(null);
        Side sa = side(a, name);
        Side sb = side(b, name);
        List<Change> metadata = metadataDiff(a, b);
        if (preset.isEmpty()) {
            return new Comparison(assetId, sa, sb, null, expires, metadata, null, "the two versions have no image "
                    + "rendition in common (" + String.join(", ", PRESETS) + "); nothing to compare pixel by pixel");
        }
        VisualDiff diff = visualDiff(assetId, image(a, name).get(), image(b, name).get(), from, to, name);
        return new Comparison(assetId, sa, sb, name, expires, metadata, diff, null);
    }

    /**
     * One version's best image rendition (preview, else web, else thumbnail) as a short-lived GET URL, for the
     * console's review and asset pages; {@code rendition} is null while the version has none. Same access as compare.
     */
    public Side preview(Principal p, String assetId, Integer n) {
        List<FieldError> errors = new ArrayList<>();
        check("version", n, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        access.visible(p, assetId);
        AssetVersion v = version(assetId, n);
        return side(v, PRESETS.stream().filter(name -> image(v, name).isPresent()).findFirst().orElse(null));
    }

    private VisualDiff visualDiff(String assetId, Rendition ra, Rendition rb, int from, int to, String preset) {
        String base = "compare/" + assetId + "/" + from + "-" + to + "/" + preset + "-" + CACHE_GENERATION;
        Optional<Stored> cached = storage.read(base + ".json").flatMap(bytes -> parse(base, bytes));
        if (cached.isPresent()) {
            Stored s = cached.get();
            return new VisualDiff(s.width(), s.height(), s.changedPixels(), s.percentChanged(), s.regions(),
                    storage.presignGet(base + ".png", URL_TTL), true);
        }
        byte[] fa = storage.read(ra.key()).orElseThrow(() -> missing(ra));
        byte[] fb = storage.read(rb.key()).orElseThrow(() -> missing(rb));
        PixelDiffer.Result r = differ.diff(fa, fb);
        Stored s = new Stored(CACHE_GENERATION, r.width(), r.height(), r.changedPixels(), r.percentChanged(),
                r.regions());
        // Overlay first: a stored result always has its image.
        storage.write(base + ".png", r.overlayPng(), "image/png");
        storage.write(base + ".json", write(s), "application/json");
        return new VisualDiff(s.width(), s.height(), s.changedPixels(), s.percentChanged(), s.regions(),
                storage.presignGet(base + ".png", URL_TTL), false);
    }

    private Optional<Stored> parse(String base, byte[] bytes) {
        try {
            Stored s = json.readValue(bytes, Stored.class);
            return CACHE_GENERATION.equals(s.generation()) ? Optional.of(s) : Optional.empty();
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "stored diff {0} is unreadable; computing it again: {1}", base,
                    e.toString());
            return Optional.empty();
        }
    }

    private byte[] write(Stored s) {
        try {
            return json.writeValueAsBytes(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a diff result", e);
        }
    }

    private static IllegalStateException missing(Rendition r) {
        return new IllegalStateException("rendition " + r.key() + " is recorded but not stored");
    }

    private AssetVersion version(String assetId, int n) {
        return assets.findVersion(assetId, n).orElseThrow(() -> new NotFoundException("version", "asset " + assetId
                + " has no version " + n));
    }

    private static void check(String field, Integer v, List<FieldError> errors) {
        if (v == null) {
            errors.add(new FieldError(field, Codes.REQUIRED, field + " (a version number) is required"));
        } else if (v < 1) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be a version number >= 1"));
        }
    }

    private static Optional<Rendition> image(AssetVersion v, String name) {
        return v.renditions().stream().filter(r -> r.name().equals(name) && r.contentType() != null
                && r.contentType().matches("image/(jpeg|png|webp)")).findFirst();
    }

    private Side side(AssetVersion v, String preset) {
        RenditionLink link = preset == null ? null : image(v, preset).map(r -> new RenditionLink(r.name(),
                storage.presignGet(r.key(), URL_TTL), r.width(), r.height(), r.contentType())).orElse(null);
        return new Side(v.number(), v.state().code(), v.fileName(), v.detectedType() != null ? v.detectedType()
                : v.declaredContentType(), v.size(), v.sha256(), link);
    }

    /** Fields of the file and its technical metadata that differ, plus the tags (kind:value). */
    static List<Change> metadataDiff(AssetVersion a, AssetVersion b) {
        Map<String, Function<AssetVersion, Object>> fields = new LinkedHashMap<>();
        fields.put("fileName", AssetVersion::fileName);
        fields.put("contentType", v -> v.detectedType() != null ? v.detectedType() : v.declaredContentType());
        fields.put("size", AssetVersion::size);
        fields.put("sha256", AssetVersion::sha256);
        fields.put("width", v -> tech(v).map(TechMetadata::displayWidth).orElse(null));
        fields.put("height", v -> tech(v).map(TechMetadata::displayHeight).orElse(null));
        fields.put("colourSpace", v -> tech(v).map(TechMetadata::colourSpace).orElse(null));
        fields.put("iccProfile", v -> tech(v).map(TechMetadata::iccProfile).orElse(null));
        fields.put("hasAlpha", v -> tech(v).map(TechMetadata::hasAlpha).orElse(null));
        fields.put("dpiX", v -> tech(v).map(TechMetadata::dpiX).orElse(null));
        fields.put("pageCount", v -> tech(v).map(TechMetadata::pageCount).orElse(null));
        fields.put("durationMs", v -> tech(v).map(TechMetadata::durationMs).orElse(null));
        fields.put("codec", v -> tech(v).map(TechMetadata::codec).orElse(null));
        List<Change> out = new ArrayList<>();
        fields.forEach((name, f) -> {
            String x = str(f.apply(a));
            String y = str(f.apply(b));
            if (!Objects.equals(x, y)) {
                out.add(new Change(name, x, y));
            }
        });
        TreeSet<String> keys = new TreeSet<>();
        tech(a).ifPresent(t -> keys.addAll(t.properties().keySet()));
        tech(b).ifPresent(t -> keys.addAll(t.properties().keySet()));
        for (String k : keys) {
            String x = tech(a).map(t -> t.properties().get(k)).orElse(null);
            String y = tech(b).map(t -> t.properties().get(k)).orElse(null);
            if (!Objects.equals(x, y)) {
                out.add(new Change("properties." + k, x, y));
            }
        }
        String ta = tags(a);
        String tb = tags(b);
        if (!ta.equals(tb)) {
            out.add(new Change("tags", ta, tb));
        }
        return out;
    }

    private static Optional<TechMetadata> tech(AssetVersion v) {
        return Optional.ofNullable(v.tech());
    }

    private static String tags(AssetVersion v) {
        return String.join(", ", new TreeSet<>(v.tags().stream().map(t -> t.kind() + ":" + t.value()).toList()));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
