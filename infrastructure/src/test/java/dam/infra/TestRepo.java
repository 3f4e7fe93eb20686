package dam.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A throw-away repository layout with placeholder Lambda jars, so template tests don't need the real builds. */
final class TestRepo {

    static final String VERSION = "9.9.9-TEST";

    private TestRepo() {
    }

    /** The real ASL definitions (the state machine constructs load them from the repository root). */
    private static void copyStateMachines(Path root) throws IOException {
        Path source = Path.of("..", "statemachines");
        if (!Files.isDirectory(source)) {
            return;
        }
        Path target = Files.createDirectories(root.resolve("statemachines"));
        try (var files = Files.list(source)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".asl.json")).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Jars of the ingest and search capabilities: every full-stack test needs them, no test needs them missing. */
    static final List<String> ALWAYS = List.of("upload-tagging", "rendition", "search-index", "analytics");

    static LambdaArtifacts create(Path root, String... modules) throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project><artifactId>dam-parent</artifactId></project>");
        Files.createDirectories(root.resolve("infrastructure"));
        java.util.Set<String> all = new java.util.LinkedHashSet<>(List.of(modules));
        all.addAll(ALWAYS);
        for (String module : all) {
            Path jar = root.resolve("functions/" + module + "/target/dam-" + module + "-" + VERSION + "-lambda.jar");
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("placeholder.txt"));
                zip.write(("placeholder for " + module).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        copyStateMachines(root);
        return new LambdaArtifacts(root, VERSION);
    }
}
