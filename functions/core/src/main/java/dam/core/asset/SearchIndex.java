package dam.core.asset;

import java.util.List;
import java.util.Set;

/**
 * Port: keyword postings ({@code field:value} → asset), so search intersects postings instead of scanning
 * (ARCHITECTURE §2). Behind a port so OpenSearch can replace it at scale.
 */
public interface SearchIndex {

    /** Adds postings for the asset; repeating a term is harmless. */
    void index(String assetId, Set<String> terms);

    /** Asset ids posted under a term such as "tag:people". */
    List<String> find(String term);
}
