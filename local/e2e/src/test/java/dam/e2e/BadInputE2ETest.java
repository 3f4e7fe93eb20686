package dam.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 3: the synthesized template deploys without unknown resource types. Its bad-request cases (malformed JSON,
 * unknown operation/service, missing bucket) live in the bad-input corpus (CorpusE2ETest, resources/corpus/edge.json).
 */
@ExtendWith(CloudExtension.class)
class BadInputE2ETest {

    @Test
    void deployedTemplateHasNoUnknownResourceTypes(TestCloud cloud) {
        assertThat(cloud.report().unknown()).isEmpty();
        assertThat(cloud.report().deployed()).isNotEmpty();
    }
}
