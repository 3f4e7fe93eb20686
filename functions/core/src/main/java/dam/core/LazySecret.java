package dam.core;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A signing key fetched on first use and then kept (e.g. read from, or created once in, the table). Building a
 * service must not need the network: Lambda init and SnapStart snapshots run before any request, and tests build the
 * API without an AWS endpoint that knows the table.
 */
public final class LazySecret implements Supplier<byte[]> {

    private final Supplier<byte[]> source;
    private final int minBytes;
    private volatile byte[] value;

    public LazySecret(Supplier<byte[]> source, int minBytes) {
        this.source = Objects.requireNonNull(source, "source");
        this.minBytes = minBytes;
    }

    /** A key known up front, checked now. */
    public static LazySecret of(byte[] key, int minBytes) {
        byte[] copy = check(key, minBytes);
        return new LazySecret(() -> copy, minBytes);
    }

    @Override
    public byte[] get() {
        byte[] v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) {
                    value = check(source.get(), minBytes);
                }
                v = value;
            }
        }
        return v;
    }

    private static byte[] check(byte[] key, int minBytes) {
        if (key == null || key.length < minBytes) {
            throw new IllegalArgumentException("a signing key has at least " + minBytes + " bytes");
        }
        return key.clone();
    }
}
