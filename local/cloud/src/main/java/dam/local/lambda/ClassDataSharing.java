package dam.local.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-function AppCDS archive, the local stand-in for Lambda's SnapStart-like start-up help: the first worker of a
 * jar-packaged function records what it loaded, and once it has run an event {@code jcmd VM.cds dynamic_dump}
 * writes the archive; later workers (also after a restart, it lives in the state directory) map it and start about
 * twice as fast. A missing, stale or unusable archive only costs speed: workers run with -Xshare:auto.
 */
final class ClassDataSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);

    private final Path archive;
    private final Path jcmd;
    private final Executor executor;
    private final FunctionLog log;
    private final AtomicBoolean dumpStarted = new AtomicBoolean();

    private ClassDataSharing(Path archive, Path jcmd, Executor executor, FunctionLog log) {
        this.archive = archive;
        this.jcmd = jcmd;
        this.executor = executor;
        this.log = log;
    }

    /** Enabled only when every classpath entry is a jar (CDS cannot archive classes from directories). */
    static ClassDataSharing forFunction(Path archiveDir, FunctionCode code, RuntimeDistribution runtime,
                                        Executor executor, FunctionLog log) {
        Path jcmd = runtime.javaExecutable().resolveSibling("jcmd");
        boolean jarsOnly = code.classpath().stream().allMatch(Files::isRegularFile);
        if (!jarsOnly || !Files.isExecutable(jcmd)) {
            return new ClassDataSharing(null, null, executor, log);
        }
        String key = code.sha256() + "|" + runtime.classpath() + "|" + code.classpath() + "|"
                + System.getProperty("java.vm.version");
        // Keyed by code and classpath, so functions deployed from the same jar share one archive.
        Path archive = archiveDir.resolve(digest(key) + ".jsa");
        return new ClassDataSharing(archive, jcmd, executor, log);
    }

    /** JVM options for a new worker: map the archive if there is one, else record what a dump needs. */
    List<String> jvmOptions() {
        if (archive == null) {
            return List.of();
        }
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive)
                : List.of("-XX:+RecordDynamicDumpInfo");
    }

    /**
     * After a recording worker served an event and is still alive (a handled error counts: the classes are loaded
     * all the same), dump its classes once, in the background.
     */
    void afterInvocation(Worker worker) {
        if (archive == null || !worker.jvmOptions().contains("-XX:+RecordDynamicDumpInfo")
                || Files.isRegularFile(archive) || !dumpStarted.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> dump(worker.pid()));
    }

    private void dump(long pid) {
        try {
            Files.createDirectories(archive.getParent());
            Path partial = archive.resolveSibling(archive.getFileName() + "." + pid + ".partial");
            Files.deleteIfExists(partial);
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.cds", "dynamic_dump",
                    partial.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = process.waitFor(2, TimeUnit.MINUTES);
            if (done && process.exitValue() == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.line("[local lambda] class data archive written: " + archive);
            } else {
                process.destroyForcibly();
                Files.deleteIfExists(partial);
                LOG.warn("no class data archive for {}: jcmd said {}", archive, output.strip());
            }
        } catch (IOException e) {
            LOG.warn("no class data archive for {}: {}", archive, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path archive() {
        return archive;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
