package dam.local.lambda.worker;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * The main class of a local Lambda worker JVM: runs the real main class (the runtime interface client) and exits when
 * the local cloud goes away. Its stdin is a pipe from the local cloud, which the kernel closes however the local cloud
 * ends (also on {@code kill -9}), so no worker JVM outlives it. Only java.base may be used: this class is copied alone
 * into a jar on the worker's classpath, next to the function's own code.
 *
 * <p>Arguments: the main class, then its arguments.
 */
public final class WorkerMain {

    /** The exit status when the parent went away (as if killed by SIGKILL). */
    static final int PARENT_GONE = 137;

    private WorkerMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: WorkerMain <main class> [args...]");
        }
        Thread watch = new Thread(WorkerMain::exitWhenStdinCloses, "local-cloud-watch");
        watch.setDaemon(true);
        watch.start();
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "main",
                MethodType.methodType(void.class, String[].class));
        main.invoke(Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenStdinCloses() {
        try {
            byte[] buffer = new byte[64];
            while (System.in.read(buffer) >= 0) {
                // nothing is ever written; a read returns only at end of stream
            }
            System.err.println("[local lambda] the local cloud went away: this worker exits");
        } catch (IOException e) {
            System.err.println("[local lambda] lost the local cloud (" + e + "): this worker exits");
        }
        Runtime.getRuntime().halt(PARENT_GONE);
    }
}
