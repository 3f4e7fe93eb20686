package dam.core.library;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.auth.Principal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Downloads ({@code GET /assets/{id}/download}): permission, then rights, then the request; the original or a
 * derivative cached in the derivatives bucket by (version, preset or size, format, focal point) — rendered once by the
 * {@link DerivativeRenderer} — served as a redirect to a short-lived presigned GET (no response size cap, nothing
 * passes through the API). Also the brand presets and the asset's focal point.
 */
public final class DownloadService {

    /** How long a download link works: long enough to start a big download, short enough not to be a share. */
    public static final Duration LINK_TTL = Duration.ofMinutes(5);
    /** The formats the renderer writes (WebP has no encoder here: TwelveMonkeys reads WebP only). */
    public static final Set<String> DEFAULT_FORMATS = Set.of("jpeg", "png", "tiff", "gif");
    /** Output larger than this is refused before any work (150 MP, the ingest's pixel limit). */
    public static final long MAX_OUTPUT_PIXELS = 150_000_000L;
    static final String PREFIX = "downloads/";
    private static final Map<String, String> FORMAT_ALIASES = Map.of("jpg", "jpeg", "tif", "tiff");
    private static final Map<String, String> EXTENSIONS = Map.of("jpeg", "jpg", "png", "png", "tiff", "tif",
            "gif", "gif", "webp", "webp");
    private static final Set<String> KNOWN_FORMATS = Set.of("jpeg", "png", "webp", "tiff", "gif");

    private final AssetRepository assets;
    private final LibraryStore store;
    private final LibraryAccess access;
    private final RightsService rights;
    private final DownloadStorage storage;
    private final DerivativeRenderer renderer;
    private final Set<String> writable;

    public DownloadService(AssetRepository assets, LibraryStore store, LibraryAccess access, RightsService rights,
                           DownloadStorage storage, DerivativeRenderer renderer, Set<String> writableFormats) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.rights = Objects.requireNonNull(rights);
        this.storage = Objects.requireNonNull(storage);
        this.renderer = Objects.requireNonNull(renderer);
        this.writable = Set.copyOf(writableFormats);
    }

    /** Where to send the client: the presigned URL, the object key, and whether it was already rendered. */
    public record Redirect(URI url, String key, boolean cached, int version) {
    }

    public Redirect download(Principal actor, String assetId, DownloadRequest request) {
        Asset asset = asset(assetId);
        access.requireDownload(actor, asset);
        rights.requireUsable(assetId);
        return deliver(asset, request, Set.of());
    }

    /**
     * The download itself, for callers that checked access and rights already (share links). {@code allowedPresets}
     * non-empty = only those presets (and no original or free size).
     */
    public Redirect deliver(Asset asset, DownloadRequest request, Set<String> allowedPresets) {
        DownloadRequest r = request == null ? new DownloadRequest(null, null, null, null, null) : request;
        List<FieldError> errors = new ArrayList<>();
        Integer wanted = integer("version", r.version(), 1, Integer.MAX_VALUE, errors);
        String format = null;
        Preset preset = null;
        int width = 0;
        int height = 0;
        if (!r.original()) {
            format = format(r.format(), errors);
            Integer w = integer("width", r.width(), 1, Preset.MAX_SIDE, errors);
            Integer h = integer("height", r.height(), 1, Preset.MAX_SIDE, errors);
            if (!DownloadRequest.blank(r.preset())) {
                if (w != null || h != null) {
                    errors.add(new FieldError("preset", Codes.INVALID, "ask for a preset or a width/height, not both"));
                }
                preset = presetOf(asset.brand(), r.preset().strip(), errors);
                if (preset != null) {
                    width = preset.width();
                    height = preset.height();
                }
            } else {
                width = w == null ? 0 : w;
                height = h == null ? 0 : h;
            }
            if ((long) Math.max(width, 1) * Math.max(height, 1) > MAX_OUTPUT_PIXELS && width > 0 && height > 0) {
                errors.add(new FieldError("width", Codes.INVALID, "at most " + MAX_OUTPUT_PIXELS / 1_000_000
                        + " MP per download"));
            }
        }
        if (!allowedPresets.isEmpty() && (preset == null || !allowedPresets.contains(preset.name()))) {
            errors.add(new FieldError("preset", Codes.FORBIDDEN, "this link allows the presets "
                    + allowedPresets.stream().sorted().toList()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        AssetVersion v = readyVersion(asset, wanted);
        if (r.original()) {
            return new Redirect(storage.presignOriginal(v.originalKey(), v.fileName(), LINK_TTL), v.originalKey(),
                    true, v.number());
        }
        if (!drawable(v.detectedType())) {
            throw new ValidationException(new FieldError("format", Codes.INVALID, "only images and PDFs convert; "
                    + "download the original of this " + v.detectedType()));
        }
        Focal manual = store.manualFocal(asset.id()).orElse(null);
        boolean crop = width > 0 && height > 0;
        String size = preset != null ? preset.name() + "-" + width + "x" + height
                : crop ? width + "x" + height : "fit-" + width + "x" + height;
        String focalTag = !crop ? "" : manual == null ? "-auto" : String.format(Locale.ROOT, "-m%.4f_%.4f",
                manual.x(), manual.y());
        String ext = EXTENSIONS.get(format);
        String key = PREFIX + asset.id() + "/" + v.number() + "/" + size + focalTag + "." + ext;
        boolean cached = storage.derivativeExists(key);
        if (!cached) {
            renderer.render(new DerivativeSpec(asset.id(), v.number(), v.originalKey(), v.detectedType(), key, format,
                    crop ? DerivativeSpec.CROP : DerivativeSpec.FIT, preset == null ? null : preset.name(), width,
                    height, crop ? manual : null));
        }
        String base = v.fileName() == null ? asset.id() : v.fileName().replaceFirst("\\.[^.]*$", "");
        String name = base + (preset != null ? "-" + preset.name() : width + height > 0 ? "-" + size : "") + "." + ext;
        return new Redirect(storage.presignDerivative(key, name, LINK_TTL), key, cached, v.number());
    }

    /** The brand's presets (its own list, else the defaults). */
    public List<Preset> presets(Principal actor, String brand) {
        if (!actor.inBrandScope(brand)) {
            throw new NotFoundException("brand", "brand not found");
        }
        return store.presets(brand).orElse(Presets.DEFAULTS);
    }

    public List<Preset> savePresets(Principal actor, String brand, List<Preset> presets) {
        access.requirePresetAdmin(actor, brand);
        if (presets == null || presets.isEmpty()) {
            throw new ValidationException(new FieldError("presets", Codes.REQUIRED, "list at least one preset"));
        }
        if (presets.size() > Presets.MAX_PER_BRAND) {
            throw new ValidationException(new FieldError("presets", Codes.TOO_MANY, "at most "
                    + Presets.MAX_PER_BRAND + " presets per brand"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < presets.size(); i++) {
            if (!names.add(presets.get(i).name())) {
                throw new ValidationException(new FieldError("presets[" + i + "].name", Codes.DUPLICATE,
                        "preset " + presets.get(i).name() + " is listed twice"));
            }
        }
        store.savePresets(brand, List.copyOf(presets));
        return List.copyOf(presets);
    }

    /** The effective focal point of a version: manual, else what the renderer detected (null if none yet). */
    public record FocalView(String assetId, int version, Focal manual, Focal detected, Focal effective) {
    }

    public FocalView focal(Principal actor, String assetId, Integer version) {
        Asset asset = asset(assetId);
        access.requireRead(actor, asset);
        int n = version == null ? asset.latestVersion() : version;
        Focal manual = store.manualFocal(assetId).orElse(null);
        Focal detected = store.detectedFocal(assetId, n).orElse(null);
        return new FocalView(assetId, n, manual, detected, manual != null ? manual : detected);
    }

    /** Sets (x, y relative) or with nulls clears the manual focal point; later crops are rendered anew. */
    public FocalView setFocal(Principal actor, String assetId, Double x, Double y) {
        Asset asset = asset(assetId);
        access.requireEdit(actor, asset);
        if (x == null && y == null) {
            store.saveManualFocal(assetId, null);
        } else {
            List<FieldError> errors = new ArrayList<>();
            if (x == null || !(x >= 0 && x <= 1)) {
                errors.add(new FieldError("x", x == null ? Codes.REQUIRED : Codes.INVALID, "x is 0..1 of the width"));
            }
            if (y == null || !(y >= 0 && y <= 1)) {
                errors.add(new FieldError("y", y == null ? Codes.REQUIRED : Codes.INVALID, "y is 0..1 of the height"));
            }
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            store.saveManualFocal(assetId, Focal.manual(x, y));
        }
        return focal(actor, assetId, null);
    }

    private Preset presetOf(String brand, String name, List<FieldError> errors) {
        List<Preset> list = store.presets(brand).orElse(Presets.DEFAULTS);
        return Presets.find(list, name).orElseGet(() -> {
            errors.add(new FieldError("preset", Codes.UNKNOWN_VALUE, "unknown preset '" + shorten(name)
                    + "'; presets of " + brand + ": " + list.stream().map(Preset::name).toList()));
            return null;
        });
    }

    private String format(String raw, List<FieldError> errors) {
        String f = DownloadRequest.blank(raw) ? "jpeg" : raw.strip().toLowerCase(Locale.ROOT);
        f = FORMAT_ALIASES.getOrDefault(f, f);
        if (!KNOWN_FORMATS.contains(f)) {
            errors.add(new FieldError("format", Codes.UNKNOWN_VALUE, "format must be one of jpeg, png, webp, tiff, "
                    + "gif; got '" + shorten(raw) + "'"));
            return null;
        }
        if (!writable.contains(f)) {
            errors.add(new FieldError("format", Codes.INVALID, f + " output not available: no " + f
                    + " encoder is installed (available: " + writable.stream().sorted().toList() + ")"));
            return null;
        }
        return f;
    }

    private static Integer integer(String field, String raw, int min, int max, List<FieldError> errors) {
        if (DownloadRequest.blank(raw)) {
            return null;
        }
        long v;
        try {
            v = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be a whole number, got '" + shorten(raw)
                    + "'"));
            return null;
        }
        if (v < 0) {
            errors.add(new FieldError(field, Codes.NEGATIVE, field + " cannot be negative"));
        } else if (v < min || v > max) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be " + min + ".." + max));
        } else {
            return (int) v;
        }
        return null;
    }

    private AssetVersion readyVersion(Asset asset, Integer wanted) {
        if (wanted != null) {
            AssetVersion v = assets.findVersion(asset.id(), wanted).orElseThrow(() -> new NotFoundException(
                    "version", "asset " + asset.id() + " has no version " + wanted));
            if (v.state() != VersionState.READY) {
                throw new ConflictException("version", Codes.ILLEGAL_TRANSITION, "version " + wanted + " is "
                        + v.state().code() + ", not ready for download");
            }
            return v;
        }
        List<AssetVersion> all = assets.versions(asset.id());
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).state() == VersionState.READY) {
                return all.get(i);
            }
        }
        throw new ConflictException("version", Codes.ILLEGAL_TRANSITION, "asset " + asset.id()
                + " has no version ready for download yet");
    }

    static boolean drawable(String type) {
        return type != null && (type.startsWith("image/") && !type.contains("svg") || type.equals("application/pdf"));
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }
}
