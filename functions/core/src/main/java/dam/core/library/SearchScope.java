package dam.core.library;

import java.util.Locale;
import java.util.Set;

/**
 * {@link LibraryPolicy#searchScope}: the union of three clauses a search index evaluates as set filters. An
 * {@code uploader} of null means no team clause.
 */
public record SearchScope(boolean allBrands, Set<String> brands, Set<Visibility> brandVisibilities,
                          Set<String> collections, String uploader, Set<String> teamBriefs) {

    public static final SearchScope NOTHING = new SearchScope(false, Set.of(), Set.of(), Set.of(), null, Set.of());

    public SearchScope {
        brands = Set.copyOf(brands);
        brandVisibilities = brandVisibilities.isEmpty() ? Set.of() : Set.copyOf(brandVisibilities);
        collections = Set.copyOf(collections);
        teamBriefs = Set.copyOf(teamBriefs);
    }

    public boolean empty() {
        return !allBrands && (brands.isEmpty() || brandVisibilities.isEmpty()) && collections.isEmpty()
                && uploader == null;
    }

    /** The same rule evaluated on one asset (brute-force search and tests). */
    public boolean matches(LibraryAsset a) {
        boolean brandClause = brandVisibilities.contains(a.visibility()) && (allBrands
                || a.brand() != null && brands.stream().anyMatch(b -> b.toLowerCase(Locale.ROOT)
                .equals(a.brand().toLowerCase(Locale.ROOT))));
        boolean collectionClause = a.visibility() == Visibility.APPROVED
                && a.collections().stream().anyMatch(collections::contains);
        boolean teamClause = a.visibility().teamOnly() && uploader != null && (uploader.equals(a.uploader())
                || a.briefId() != null && teamBriefs.contains(a.briefId()));
        return brandClause || collectionClause || teamClause;
    }
}
