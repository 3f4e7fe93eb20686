package dam.search;

import dam.core.search.LibraryIndex;
import dam.core.search.memory.InMemoryLibraryIndex;

/** The brute-force oracle obeys the same contract as the bitmap index. */
class InMemoryLibraryIndexTest extends LibraryIndexContract {

    private final InMemoryLibraryIndex index = new InMemoryLibraryIndex(CURSORS);

    @Override
    LibraryIndex index() {
        return index;
    }
}
