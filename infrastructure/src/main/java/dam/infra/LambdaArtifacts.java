package dam.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the deployable Lambda jars are: {@code functions/<module>/target/dam-<module>-<version>-lambda.jar}, the
 * shade plugin's {@code lambda} classifier. Synth fails early with a clear message when a jar has not been built.
 */
public final class LambdaArtifacts {

    private final Path repoRoot;
    private final String version;

    public LambdaArtifacts(Path repoRoot, String version) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.version = version;
    }

    /** Uses the version this module was built with (filtered into dam-infra.properties). */
    public static LambdaArtifacts forRepo(Path repoRoot) {
        return new LambdaArtifacts(repoRoot, projectVersion());
    }

    public Path repoRoot() {
        return repoRoot;
    }

    /** @param module folder under functions/, e.g. {@code brief-intake} */
    public Path jar(String module) {
        Path jar = repoRoot.resolve("functions").resolve(module).resolve("target")
                .resolve("dam-" + module + "-" + version + "-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda jar for functions/" + module + " is missing: " + jar
                    + " - run mvn package first (e.g. mvn -B -q -pl functions/" + module + " -am package -DskipTests)");
        }
        return jar;
    }

    static String projectVersion() {
        try (InputStream in = LambdaArtifacts.class.getResourceAsStream("/dam-infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("dam-infra.properties missing from the classpath; build with Maven");
            }
            Properties props = new Properties();
            props.load(in);
            String version = props.getProperty("version");
            if (version == null || version.contains("${")) {
                throw new IllegalStateException("dam-infra.properties was not filtered by Maven: version=" + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dam-infra.properties", e);
        }
    }
}
