package dam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazySecretTest {

    @Test
    void fetchesOnFirstUseOnlyAndKeepsTheKey() {
        AtomicInteger fetches = new AtomicInteger();
        LazySecret secret = new LazySecret(() -> {
            fetches.incrementAndGet();
            return new byte[] {1, 2, 3, 4};
        }, 4);

        assertEquals(0, fetches.get(), "nothing fetched while building");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, secret.get());
        secret.get();
        assertEquals(1, fetches.get());
    }

    @Test
    void shortOrMissingKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LazySecret.of(new byte[3], 4));
        assertThrows(IllegalArgumentException.class, () -> new LazySecret(() -> null, 4).get());
    }

    @Test
    void aKeyGivenUpFrontIsCopied() {
        byte[] key = {9, 9, 9, 9};
        LazySecret secret = LazySecret.of(key, 4);
        key[0] = 0;

        assertEquals(9, secret.get()[0]);
    }
}
