package dam.search;

import dam.core.search.LibraryIndex;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

class BitmapLibraryIndexTest extends LibraryIndexContract {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final BitmapLibraryIndex index = new BitmapLibraryIndex(new InMemoryPostingStore(), CURSORS, pool);

    @Override
    LibraryIndex index() {
        return index;
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        pool.shutdownNow();
    }
}
