package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dam.local.clock.LocalClock;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The {@code -Plocalstack} switch of {@link TestCloud} without LocalStack (none here): with {@code dam.e2e.endpoint}
 * set, local-only tests are skipped with a reason and a missing stack fails with the next step to take. Starts no
 * local cloud.
 */
class LocalstackModeTest {

    /** Nothing listens on port 1: CloudFormation calls fail fast. */
    static final String NOWHERE = "http://127.0.0.1:1";

    private final String before = System.getProperty(TestCloud.ENDPOINT_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TestCloud.ENDPOINT_PROPERTY);
        } else {
            System.setProperty(TestCloud.ENDPOINT_PROPERTY, before);
        }
    }

    @Test
    void withoutThePropertyTheInProcessCloudIsUsed() {
        System.clearProperty(TestCloud.ENDPOINT_PROPERTY);
        assertThat(TestCloud.externalEndpoint()).isNull();
        System.setProperty(TestCloud.ENDPOINT_PROPERTY, "  ");
        assertThat(TestCloud.externalEndpoint()).isNull();
    }

    @Test
    void testsThatNeedACloudOfTheirOwnAreSkippedWithTheReason() {
        System.setProperty(TestCloud.ENDPOINT_PROPERTY, NOWHERE);
        assertThat(TestCloud.externalEndpoint()).isEqualTo(URI.create(NOWHERE));
        try (LocalClock clock = LocalClock.fixed(Instant.parse("2026-01-01T00:00:00Z"))) {
            assertThatThrownBy(() -> TestCloud.start(TestCloud.freshStateDir("never"), clock))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("only the in-process local cloud has")
                    .hasMessageContaining("skipped against " + NOWHERE);
        }
    }

    @Test
    void anEndpointWithoutTheDeployedStackFailsNamingTheFix() {
        assertThatThrownBy(() -> TestCloud.external(URI.create(NOWHERE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read stack Dam from " + NOWHERE)
                .hasMessageContaining("cdklocal deploy");
    }
}
