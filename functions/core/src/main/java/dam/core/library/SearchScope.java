package dam.core.library;

import dam.core.search.Tokens;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@link LibraryPolicy#searchScope}: the union of three clauses a search index evaluates as set filters. An
 * {@code uploader} of null means no team clause. Values compare folded ({@link Tokens#value}), as the index holds
 * them.
 */
public record SearchScope(boolean allBrands, Set<String> brands, Set<Visibility> brandVisibilities,
                          Set<String> collections, String uploader, Set<String> teamBriefs) {

    public static final SearchScope NOTHING = new SearchScope(false, Set.of(), Set.of(), Set.of(), null, Set.of());

    public SearchScope {
        brands = folded(brands);
        brandVisibilities = brandVisibilities.isEmpty() ? Set.of() : Set.copyOf(brandVisibilities);
        collections = folded(collections);
        uploader = Tokens.value(uploader);
        teamBriefs = folded(teamBriefs);
    }

    private static Set<String> folded(Collection<String> values) {
        return values.stream().map(Tokens::value).collect(Collectors.toUnmodifiableSet());
    }

    /** A canonical string of this scope (sorted; independent of set iteration order, which differs per JVM). */
    public String canonical() {
        return allBrands + "|" + new TreeSet<>(brands) + "|" + new TreeSet<>(brandVisibilities) + "|"
                + new TreeSet<>(collections) + "|" + uploader + "|" + new TreeSet<>(teamBriefs);
    }

    public boolean empty() {
        return !allBrands && (brands.isEmpty() || brandVisibilities.isEmpty()) && collections.isEmpty()
                && uploader == null;
    }

    /** The same rule evaluated on one asset (brute-force search and tests). */
    public boolean matches(LibraryAsset a) {
        boolean brandClause = brandVisibilities.contains(a.visibility())
                && (allBrands || a.brand() != null && brands.contains(Tokens.value(a.brand())));
        boolean collectionClause = a.visibility() == Visibility.APPROVED
                && a.collections().stream().map(Tokens::value).anyMatch(collections::contains);
        boolean teamClause = a.visibility().teamOnly() && uploader != null
                && (uploader.equals(Tokens.value(a.uploader()))
                || a.briefId() != null && teamBriefs.contains(Tokens.value(a.briefId())));
        return brandClause || collectionClause || teamClause;
    }
}
