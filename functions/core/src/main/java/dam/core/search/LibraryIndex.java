package dam.core.search;

import dam.core.library.SearchScope;

/**
 * Port: the library's search index (ARCHITECTURE §2) — fed from the table stream, queried by the API. Behind a port
 * so OpenSearch can replace the DynamoDB bitmap index at scale.
 */
public interface LibraryIndex {

    /**
     * Indexes or re-indexes one asset. Idempotent and ordered by {@link SearchDocument#sourceVersion()}: a document
     * not newer than the indexed one changes nothing and returns false.
     */
    boolean apply(SearchDocument document);

    /** Removes an asset (deleted) unless a newer document was indexed; false when nothing changed. */
    boolean remove(String assetId, long sourceVersion);

    /** Matches of the query the scope allows, sorted and paged; the scope is applied before counting. */
    SearchPage search(SearchQuery query, SearchScope scope);
}
