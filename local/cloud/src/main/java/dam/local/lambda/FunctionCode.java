package dam.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A function's code as a worker sees it: the classpath entries, the task root (the runtime's working directory,
 * like /var/task) and a private tmp directory.
 *
 * @param sha256 base64 SHA-256 of the package (CodeSha256), over file contents for a directory
 */
record FunctionCode(Path source, List<Path> classpath, Path taskRoot, Path tmpDir, String sha256, long size) {

    /**
     * A plain jar goes on the classpath as it is; an archive in Lambda's zip layout (lib/*.jar inside) is unpacked,
     * as Lambda unpacks it to /var/task; a directory is used in place.
     */
    static FunctionCode prepare(String functionName, Path source, Path functionsDir) {
        Path code = source.toAbsolutePath().normalize();
        if (!Files.exists(code)) {
            throw new IllegalArgumentException("code of " + functionName + " not found: " + code);
        }
        try {
            Path home = functionsDir.resolve(functionName);
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            if (Files.isDirectory(code)) {
                return new FunctionCode(code, withLib(code), code, tmp, directoryDigest(code), directorySize(code));
            }
            String digest = fileDigest(code);
            long size = Files.size(code);
            if (!hasLibJars(code)) {
                return new FunctionCode(code, List.of(code), Files.createDirectories(home.resolve("task")), tmp,
                        digest, size);
            }
            String tag = HexFormat.of().formatHex(Base64.getDecoder().decode(digest)).substring(0, 16);
            Path root = home.resolve("task-" + tag);
            if (!Files.isDirectory(root)) {
                unzip(code, root);
            }
            return new FunctionCode(code, withLib(root), root, tmp, digest, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the code of " + functionName + " from " + code, e);
        }
    }

    private static List<Path> withLib(Path root) throws IOException {
        List<Path> entries = new ArrayList<>(List.of(root));
        Path lib = root.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(entries::add);
            }
        }
        return entries;
    }

    private static boolean hasLibJars(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar"));
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException("code " + archive + " is neither a directory nor a jar/zip archive", e);
        }
    }

    /** Unpacks into a temporary sibling first so a crash never leaves a half-unpacked task root behind. */
    private static void unzip(Path archive, Path root) throws IOException {
        Path staging = Files.createTempDirectory(root.getParent(), "unpack");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IllegalArgumentException("archive entry escapes the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String fileDigest(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    private static String directoryDigest(Path dir) throws IOException {
        MessageDigest sha = newSha256();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(dir.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
        }
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
