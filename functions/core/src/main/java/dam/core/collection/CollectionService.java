package dam.core.collection;

import dam.core.ConflictException;
import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.ForbiddenException;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.auth.Principal;
import dam.core.auth.Role;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Static collections and folders: {@code POST /collections}, {@code POST /collections/{id}/items},
 * {@code GET /collections/{id}}. Everything stays inside one brand: a folder only holds its brand's collections, a
 * collection only its brand's assets, and people outside the brand scope do not see them.
 */
public final class CollectionService {

    static final int MAX_NAME = 200;

    private final CollectionRepository repository;
    private final AssetRepository assets;
    private final Clock clock;
    private final Supplier<String> ids;

    public CollectionService(CollectionRepository repository, AssetRepository assets, Clock clock,
                             Supplier<String> ids) {
        this.repository = Objects.requireNonNull(repository);
        this.assets = Objects.requireNonNull(assets);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    /** What a client asks for; {@code kind} "collection" (default) or "folder". */
    public record NewCollection(String name, String brand, String kind, String parentId) {
    }

    /** A collection with its items (collections) or children (folders). */
    public record View(Collection collection, List<CollectionRepository.Item> items,
                       List<CollectionRepository.Child> children) {
    }

    public Collection create(Principal actor, NewCollection fields) {
        Objects.requireNonNull(fields, "fields");
        List<FieldError> errors = new ArrayList<>();
        String name = fields.name() == null ? "" : fields.name().strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", Codes.REQUIRED, "name is required"));
        } else if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", Codes.INVALID, "name has at most " + MAX_NAME
                    + " characters and no control characters"));
        }
        Collection.Kind kind = Collection.Kind.COLLECTION;
        if (fields.kind() != null) {
            try {
                kind = Collection.Kind.parse(fields.kind());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("kind", Codes.UNKNOWN_VALUE, "kind must be collection or folder"));
            }
        }
        Collection parent = null;
        if (fields.parentId() != null && !fields.parentId().isBlank()) {
            parent = repository.find(fields.parentId()).filter(p -> actor.inBrandScope(p.brand())).orElse(null);
            if (parent == null) {
                errors.add(new FieldError("parentId", Codes.NOT_FOUND, "folder " + fields.parentId()
                        + " does not exist"));
            } else if (parent.kind() != Collection.Kind.FOLDER) {
                errors.add(new FieldError("parentId", Codes.INVALID, parent.id() + " is a collection, not a folder"));
            }
        }
        String brand = fields.brand() != null && !fields.brand().isBlank() ? fields.brand().strip()
                : parent != null ? parent.brand() : null;
        if (brand == null) {
            errors.add(new FieldError("brand", Codes.REQUIRED, "brand is required (or give a parent folder)"));
        } else if (parent != null && !parent.brand().equals(brand)) {
            errors.add(new FieldError("brand", Codes.CONFLICT, "the folder belongs to brand " + parent.brand()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        requireEditor(actor, brand);
        Collection c = new Collection(ids.get(), kind, name, brand, parent == null ? null : parent.id(),
                actor.userId(), clock.instant());
        repository.create(c);
        return c;
    }

    /** Adds an asset of the same brand to a collection; adding it again changes nothing. */
    public View addItem(Principal actor, String collectionId, String assetId) {
        Collection c = find(actor, collectionId);
        requireEditor(actor, c.brand());
        if (c.kind() != Collection.Kind.COLLECTION) {
            throw new ConflictException("collectionId", Codes.INVALID, "a folder holds collections, not assets");
        }
        if (assetId == null || assetId.isBlank()) {
            throw new ValidationException(new FieldError("assetId", Codes.REQUIRED, "assetId is required"));
        }
        Optional<Asset> asset = assets.find(assetId).filter(a -> a.brand().equals(c.brand()));
        if (asset.isEmpty()) {
            // Assets of other brands read as missing: their existence is not revealed through collections.
            throw new ValidationException(new FieldError("assetId", Codes.NOT_FOUND, "asset " + assetId
                    + " does not exist in brand " + c.brand()));
        }
        repository.addItem(c.id(), new CollectionRepository.Item(assetId, actor.userId(), clock.instant()));
        return view(c);
    }

    public View get(Principal actor, String collectionId) {
        return view(find(actor, collectionId));
    }

    private View view(Collection c) {
        return c.kind() == Collection.Kind.COLLECTION ? new View(c, repository.items(c.id()), List.of())
                : new View(c, List.of(), repository.children(c.id()));
    }

    private Collection find(Principal actor, String id) {
        boolean reader = !actor.roles().isEmpty() && !(actor.has(Role.EXTERNAL) && actor.roles().size() == 1);
        return repository.find(id).filter(c -> reader && actor.inBrandScope(c.brand()))
                .orElseThrow(() -> new NotFoundException("collectionId", "collection " + id + " does not exist"));
    }

    private static void requireEditor(Principal actor, String brand) {
        if (!actor.hasAny(Role.ADMIN, Role.BRAND_MANAGER, Role.CREATOR) || !actor.inBrandScope(brand)) {
            throw new ForbiddenException("you may not edit collections of brand " + brand);
        }
    }
}
