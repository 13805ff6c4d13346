package dev.odoorelease.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The CLI uses only the engine's API ({@code dev.odoorelease.engine}, {@code .config}, {@code .result},
 * {@code .progress}: docs/architecture.md), never {@code dev.odoorelease.engine.internal..}. Checked with ArchUnit on
 * the compiled classes, so a type reached without an import (a chained call, {@code var}) counts too.
 */
class ApiBoundaryTest {
    static final ArchRule CLI_USES_ONLY_THE_API = noClasses().that().resideInAPackage("dev.odoorelease.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.odoorelease.engine.internal..")
            .because("the CLI is a front-end over the engine's API: what it needs of the engine belongs in the API");

    @Test
    void theCliDependsOnNoInternalClassOfTheEngine() {
        JavaClasses cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.odoorelease.cli");
        assertThat(cli.contain(Main.class)).as("the CLI's classes were read").isTrue();
        CLI_USES_ONLY_THE_API.check(cli);
    }

    @Test
    void theRuleCatchesAClassThatUsesAnInternalOne() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesAnInternalClass.class);
        assertThat(CLI_USES_ONLY_THE_API.evaluate(offender).hasViolation()).isTrue();
    }

    /** A class of the CLI's package that reaches into the engine's internals: what the rule must refuse. */
    static final class UsesAnInternalClass {
        String docker() {
            return dev.odoorelease.engine.internal.docker.DockerCli.local().toString();
        }
    }
}
