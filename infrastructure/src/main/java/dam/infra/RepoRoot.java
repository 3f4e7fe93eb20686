package dam.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root: the system property {@code dam.repoRoot}, else the env {@code DAM_REPO_ROOT}, else the
 * nearest ancestor of the working directory whose pom.xml is the {@code dam-parent} reactor. Works whether synth is
 * started from the root ({@code cdk deploy}, {@code ./dam synth}) or from {@code infrastructure/} (IDE, surefire).
 */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path locate() {
        String explicit = System.getProperty("dam.repoRoot", System.getenv("DAM_REPO_ROOT"));
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!isReactorRoot(root)) {
                throw new IllegalStateException("dam.repoRoot/DAM_REPO_ROOT=" + root + " is not the dam repository root");
            }
            return root;
        }
        return findFrom(Path.of(System.getProperty("user.dir")));
    }

    static Path findFrom(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isReactorRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the dam repository root above " + start
                + " (looked for pom.xml with artifactId dam-parent); set -Ddam.repoRoot or DAM_REPO_ROOT");
    }

    private static boolean isReactorRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<artifactId>dam-parent</artifactId>")
                    && Files.isDirectory(dir.resolve("infrastructure"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }
}
