package dam.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core is plain Java behind ports: no AWS SDK (or Lambda) types may leak in (ARCHITECTURE §1). */
class ArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dam.core");

    @Test
    void importsTheCoreClasses() {
        // Guards against a vacuous pass if the import found nothing.
        assertTrue(core.size() > 20, "imported " + core.size() + " classes");
    }

    @Test
    void coreDependsOnNoAwsPackage() {
        ArchRule rule = noClasses().that().resideInAPackage("dam.core..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..");
        rule.check(core);
    }
}
