package dam.local.lambda;

import dam.local.lambda.worker.WorkerMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The "/var/runtime" of the local Lambda: the unmodified AWS runtime interface client (RIC) and the jars it needs,
 * found where this JVM loaded them from, plus its JNI library unpacked once per state directory and the workers' main
 * class in a jar of its own.
 */
final class RuntimeDistribution {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** What a worker JVM runs: {@link WorkerMain}, which starts the RIC and exits when the local cloud goes away. */
    static final String WORKER_MAIN = WorkerMain.class.getName();
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** One class per jar of the RIC's runtime classpath (RIC, core, serialization, utils-lite, annotations). */
    private static final List<String> MARKER_CLASSES = List.of(MAIN_CLASS,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
            "software.amazon.awssdk.annotations.SdkInternalApi");

    private final List<Path> classpath;
    private final Path jniLibrary;
    private final Path javaExecutable;

    private RuntimeDistribution(List<Path> classpath, Path jniLibrary, Path javaExecutable) {
        this.classpath = List.copyOf(classpath);
        this.jniLibrary = jniLibrary;
        this.javaExecutable = javaExecutable;
    }

    static RuntimeDistribution locate(Path runtimeDir) {
        Set<Path> jars = new LinkedHashSet<>();
        jars.add(workerMainJar(runtimeDir));
        for (String marker : MARKER_CLASSES) {
            jars.add(codeSource(marker));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new RuntimeDistribution(new ArrayList<>(jars), unpackJni(runtimeDir), java);
    }

    List<Path> classpath() {
        return classpath;
    }

    Path jniLibrary() {
        return jniLibrary;
    }

    Path javaExecutable() {
        return javaExecutable;
    }

    private static Path codeSource(String className) {
        try {
            // initialize=false: the RIC's static initializer changes JVM-wide security settings.
            Class<?> type = Class.forName(className, false, RuntimeDistribution.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("cannot tell which jar holds " + className);
            }
            return Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Lambda runtime interface client is not on the classpath: missing "
                    + className, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unusable location for " + className, e);
        }
    }

    /**
     * A jar holding only {@link WorkerMain}, the workers' main class. Rewritten only when its bytes change: a class
     * data archive is valid only while every jar on its classpath keeps its size and modification time.
     */
    private static Path workerMainJar(Path runtimeDir) {
        String entry = WorkerMain.class.getName().replace('.', '/') + ".class";
        Path target = runtimeDir.resolve("worker-main.jar");
        try (InputStream in = RuntimeDistribution.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + entry + " from the local cloud's classpath");
            }
            ByteArrayOutputStream jar = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(jar)) {
                JarEntry e = new JarEntry(entry);
                e.setTime(0); // the same bytes every time
                out.putNextEntry(e);
                out.write(in.readAllBytes());
                out.closeEntry();
            }
            return install(target, jar.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workers' main jar", e);
        }
    }

    /**
     * The RIC would otherwise unpack its JNI library to one fixed /tmp path in every worker, and workers starting
     * together would overwrite the file while another loads it; real Lambda also passes a fixed path.
     */
    private static Path unpackJni(Path runtimeDir) {
        String resource = "/jni/libaws-lambda-jni." + platform() + ".so";
        Path target = runtimeDir.resolve("libaws-lambda-jni.so");
        try (InputStream in = loadRic().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the runtime interface client has no native library " + resource);
            }
            return install(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the runtime interface client's native library", e);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically, unless it already holds exactly them (keeping its mtime). */
    private static Path install(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static Class<?> loadRic() {
        try {
            return Class.forName(MAIN_CLASS, false, RuntimeDistribution.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Lambda runtime interface client is not on the classpath", e);
        }
    }

    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("the Lambda runtime has no native library for " + arch);
        };
        boolean musl = Files.exists(Path.of("/lib/ld-musl-x86_64.so.1"))
                || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }
}
