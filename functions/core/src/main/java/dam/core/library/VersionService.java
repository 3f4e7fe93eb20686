package dam.core.library;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.FileNames;
import dam.core.asset.OriginalKeys;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Version history ({@code GET /assets/{id}/versions}), revert ({@code POST .../versions/{n}/revert}) and basic
 * non-destructive edits ({@code POST /assets/{id}/edits}). History is immutable: a revert or an edit makes the next
 * version — its version item and audit entry (with {@code revertedFrom} or the recipe) in one write, its origin
 * recorded next to it — and then its original: a server-side copy of the old original (revert: byte-identical, same
 * SHA-256) or the base rendered through the recipe by the rendition function. The object lands on the new version's
 * key, so ingest processes it like any upload.
 */
public final class VersionService {

    public static final int MAX_OPS = 20;
    /** A new version's original is expected within this time (it is made at once; this is a safety margin). */
    static final Duration ARRIVAL = Duration.ofMinutes(15);
    private static final Map<String, String> FORMATS = Map.of("image/jpeg", "jpeg", "image/png", "png",
            "image/tiff", "tiff", "image/gif", "gif");
    private static final Map<String, String> EXTENSIONS = Map.of("jpeg", "jpg", "png", "png", "tiff", "tif",
            "gif", "gif");

    private final AssetRepository assets;
    private final LibraryStore store;
    private final LibraryAccess access;
    private final VersionFiles files;
    private final Clock clock;

    public VersionService(AssetRepository assets, LibraryStore store, LibraryAccess access, VersionFiles files,
                          Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.access = Objects.requireNonNull(access);
        this.files = Objects.requireNonNull(files);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One version as the history shows it; {@code origin} null = uploaded. */
    public record VersionView(int number, String state, String fileName, String type, Long size, String sha256,
                              String submitter, Instant createdAt, Integer width, Integer height,
                              VersionOrigin origin) {
    }

    /** {@code POST /assets/{id}/edits}: raw values, validated here. */
    public record EditInput(Integer baseVersion, List<EditOp> recipe) {
    }

    public List<VersionView> versions(Principal actor, String assetId) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        Map<Integer, VersionOrigin> origins = store.origins(assetId);
        return assets.versions(assetId).stream().map(v -> view(v, origins.get(v.number()))).toList();
    }

    /** Version {@code n} again, as the next version: a byte-identical copy of its original. */
    public VersionView revert(Principal actor, String assetId, int n) {
        Asset a = asset(assetId);
        access.requireEdit(actor, a);
        AssetVersion base = ready(a, n);
        VersionOrigin origin = new VersionOrigin(VersionOrigin.REVERT, n, List.of());
        AssetVersion made = next(actor, a, base, base.fileName(), base.detectedType(), base.size() == null ? 0
                : base.size(), "version.reverted", "revertedFrom=" + n + " sha256=" + base.sha256(), origin);
        files.copyOriginal(base.originalKey(), made.originalKey());
        return view(made, origin);
    }

    /** A new version rendered from {@code baseVersion} through the recipe (crop, rotate, resize, flip). */
    public VersionView edit(Principal actor, String assetId, EditInput in) {
        Asset a = asset(assetId);
        access.requireEdit(actor, a);
        if (in == null || in.baseVersion() == null) {
            throw new ValidationException(new FieldError("baseVersion", Codes.REQUIRED, "name the baseVersion"));
        }
        AssetVersion base = ready(a, in.baseVersion());
        String format = FORMATS.get(base.detectedType());
        if (format == null) {
            throw new ValidationException(new FieldError("baseVersion", Codes.INVALID, "only JPEG, PNG, TIFF and GIF "
                    + "images are edited; version " + base.number() + " is " + base.detectedType()));
        }
        List<EditOp> recipe = validated(in.recipe(), base);
        String name = FileNames.display(base.fileName().replaceFirst("\\.[^.]*$", "") + "-edited."
                + EXTENSIONS.get(format));
        VersionOrigin origin = new VersionOrigin(VersionOrigin.EDIT, base.number(), recipe);
        AssetVersion made = next(actor, a, base, name, base.detectedType(), 0, "version.edited",
                "editedFrom=" + base.number() + " recipe=" + describe(recipe), origin);
        files.renderEdit(new EditSpec(a.id(), base.number(), base.originalKey(), base.detectedType(), made.number(),
                made.originalKey(), format, recipe));
        return view(made, origin);
    }

    private AssetVersion next(Principal actor, Asset a, AssetVersion base, String fileName, String type, long size,
                              String action, String detail, VersionOrigin origin) {
        Instant now = clock.instant();
        int n = a.latestVersion() + 1;
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, actor.userId(), action,
                "v" + n + " " + detail);
        Asset bumped = new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), now, a.revision() + 1, n,
                audit.hash(), a.details());
        AssetVersion v = new AssetVersion(a.id(), n, VersionState.UPLOADING, List.of(), actor.userId(),
                OriginalKeys.of(a.id(), n, fileName), fileName, type, size, null, now, now, now.plus(ARRIVAL), null,
                null, null, null, null, null, null, null, null, null, null);
        assets.save(bumped, v, audit, null); // a concurrent change is a ConflictException (409): nothing stored
        store.saveOrigin(a.id(), n, origin);
        return v;
    }

    /** Every recipe problem at once; sizes are followed through the steps so a crop is checked where it applies. */
    List<EditOp> validated(List<EditOp> recipe, AssetVersion base) {
        List<FieldError> errors = new ArrayList<>();
        if (recipe == null || recipe.isEmpty()) {
            throw new ValidationException(new FieldError("recipe", Codes.REQUIRED, "list at least one step: crop, "
                    + "rotate, resize or flip"));
        }
        if (recipe.size() > MAX_OPS) {
            throw new ValidationException(new FieldError("recipe", Codes.TOO_MANY, "at most " + MAX_OPS + " steps"));
        }
        Integer w = null;
        Integer h = null;
        if (base.tech() != null && base.tech().width() != null && base.tech().height() != null) {
            boolean swap = base.tech().orientation() != null && base.tech().orientation() >= 5
                    && base.tech().orientation() <= 8;
            w = swap ? base.tech().height() : base.tech().width();
            h = swap ? base.tech().width() : base.tech().height();
        }
        List<EditOp> out = new ArrayList<>();
        for (int i = 0; i < recipe.size(); i++) {
            EditOp op = recipe.get(i);
            String at = "recipe[" + i + "]";
            String kind = op == null || op.op() == null ? "" : op.op().strip().toLowerCase(Locale.ROOT);
            int before = errors.size();
            switch (kind) {
                case "crop" -> {
                    side(at + ".x", op.x(), 0, errors);
                    side(at + ".y", op.y(), 0, errors);
                    side(at + ".width", op.width(), 1, errors);
                    side(at + ".height", op.height(), 1, errors);
                    if (errors.size() == before && w != null
                            && ((long) op.x() + op.width() > w || (long) op.y() + op.height() > h)) {
                        errors.add(new FieldError(at, Codes.INVALID, "the crop " + op.x() + "," + op.y() + " "
                                + op.width() + "×" + op.height() + " leaves the " + w + "×" + h + " image"));
                    }
                    if (errors.size() == before) {
                        out.add(EditOp.crop(op.x(), op.y(), op.width(), op.height()));
                        w = op.width();
                        h = op.height();
                    }
                }
                case "rotate" -> {
                    Integer d = op.degrees() == null ? null : Math.floorMod(op.degrees(), 360);
                    if (op.degrees() == null || d % 90 != 0 || d == 0) {
                        errors.add(new FieldError(at + ".degrees", op.degrees() == null ? Codes.REQUIRED
                                : Codes.INVALID, "rotate by 90, 180 or 270 degrees (clockwise)"));
                    } else {
                        out.add(EditOp.rotate(d));
                        if (d != 180 && w != null) {
                            int t = w;
                            w = h;
                            h = t;
                        }
                    }
                }
                case "resize" -> {
                    if (op.width() == null && op.height() == null) {
                        errors.add(new FieldError(at, Codes.REQUIRED, "resize needs a width and/or a height"));
                    }
                    if (op.width() != null) {
                        side(at + ".width", op.width(), 1, errors);
                    }
                    if (op.height() != null) {
                        side(at + ".height", op.height(), 1, errors);
                    }
                    if (errors.size() == before) {
                        out.add(EditOp.resize(op.width(), op.height()));
                        if (w != null) {
                            int nw = op.width() != null ? op.width() : (int) Math.max(1, Math.round(
                                    (double) w * op.height() / h));
                            int nh = op.height() != null ? op.height() : (int) Math.max(1, Math.round(
                                    (double) h * op.width() / w));
                            if ((long) nw * nh > DownloadService.MAX_OUTPUT_PIXELS || nw > Preset.MAX_SIDE
                                    || nh > Preset.MAX_SIDE) {
                                errors.add(new FieldError(at, Codes.INVALID, "resizing to " + nw + "×" + nh
                                        + " exceeds " + Preset.MAX_SIDE + " px per side or "
                                        + DownloadService.MAX_OUTPUT_PIXELS / 1_000_000 + " MP"));
                            }
                            w = nw;
                            h = nh;
                        }
                    }
                }
                case "flip" -> {
                    String axis = op.axis() == null ? "" : op.axis().strip().toLowerCase(Locale.ROOT);
                    if (!axis.equals("horizontal") && !axis.equals("vertical")) {
                        errors.add(new FieldError(at + ".axis", op.axis() == null ? Codes.REQUIRED
                                : Codes.UNKNOWN_VALUE, "flip along the horizontal or vertical axis"));
                    } else {
                        out.add(EditOp.flip(axis));
                    }
                }
                default -> errors.add(new FieldError(at + ".op", kind.isEmpty() ? Codes.REQUIRED
                        : Codes.UNKNOWN_VALUE, "op must be one of crop, rotate, resize, flip"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return List.copyOf(out);
    }

    private static void side(String field, Integer v, int min, List<FieldError> errors) {
        if (v == null) {
            errors.add(new FieldError(field, Codes.REQUIRED, field + " is required"));
        } else if (v < 0) {
            errors.add(new FieldError(field, Codes.NEGATIVE, field + " cannot be negative"));
        } else if (v < min || v > Preset.MAX_SIDE) {
            errors.add(new FieldError(field, Codes.INVALID, field + " must be " + min + ".." + Preset.MAX_SIDE
                    + " px"));
        }
    }

    static String describe(List<EditOp> recipe) {
        List<String> parts = new ArrayList<>();
        for (EditOp op : recipe) {
            parts.add(switch (op.op()) {
                case "crop" -> "crop(" + op.x() + "," + op.y() + "," + op.width() + "x" + op.height() + ")";
                case "rotate" -> "rotate(" + op.degrees() + ")";
                case "resize" -> "resize(" + (op.width() == null ? "auto" : op.width()) + "x"
                        + (op.height() == null ? "auto" : op.height()) + ")";
                default -> "flip(" + op.axis() + ")";
            });
        }
        return String.join(",", parts);
    }

    private AssetVersion ready(Asset a, int n) {
        AssetVersion v = assets.findVersion(a.id(), n).orElseThrow(() -> new NotFoundException("version",
                "asset " + a.id() + " has no version " + n));
        if (v.state() != VersionState.READY) {
            throw new ConflictException("version", Codes.ILLEGAL_TRANSITION, "version " + n + " is "
                    + v.state().code() + ", not ready");
        }
        return v;
    }

    private static VersionView view(AssetVersion v, VersionOrigin origin) {
        return new VersionView(v.number(), v.state().code(), v.fileName(), v.detectedType() != null
                ? v.detectedType() : v.declaredContentType(), v.size(), v.sha256(), v.submitter(), v.createdAt(),
                v.tech() == null ? null : v.tech().width(), v.tech() == null ? null : v.tech().height(), origin);
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "no asset '" + assetId
                + "'"));
    }
}
