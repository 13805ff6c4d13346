package dev.odoorelease.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The API's public types show no internal type in a public signature (return, parameter, field, generic argument):
     * a caller could not use such a member without reaching into the internals, so the boundary would only hold on
     * paper. Found after the package move: a Docker CLI, container specifications and the PII gate's column type.
     */
    @Test
    void theApiExposesNoInternalTypeInAPublicSignature() {
        JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.odoorelease.engine");
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (com.tngtech.archunit.core.domain.JavaClass c : api) {
            if (c.getPackageName().contains(".internal") || !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                continue;
            }
            checked++;
            leaks.addAll(internalTypesIn(c.reflect()));
        }
        assertThat(checked).as("the API's classes were read").isGreaterThan(20);
        assertThat(leaks).as("public members of the API that show an internal type").isEmpty();
    }

    @Test
    void theSignatureCheckFindsAnInternalTypeInAGenericArgument() {
        assertThat(internalTypesIn(ShowsAnInternalType.class)).singleElement().asString().contains("docker()");
    }

    static List<String> internalTypesIn(Class<?> type) {
        List<String> leaks = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                StringBuilder sig = new StringBuilder(m.getGenericReturnType().getTypeName());
                for (Type p : m.getGenericParameterTypes()) {
                    sig.append(' ').append(p.getTypeName());
                }
                if (sig.toString().contains(".engine.internal.")) {
                    leaks.add(type.getName() + "." + m.getName() + "(): " + sig);
                }
            }
        }
        for (Constructor<?> k : type.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                for (Type p : k.getGenericParameterTypes()) {
                    if (p.getTypeName().contains(".engine.internal.")) {
                        leaks.add(type.getName() + " constructor: " + p.getTypeName());
                    }
                }
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && f.getGenericType().getTypeName().contains(".engine.internal.")) {
                leaks.add(type.getName() + "." + f.getName() + ": " + f.getGenericType().getTypeName());
            }
        }
        return leaks;
    }

    /** What the signature check must find: an internal type as a generic argument of a public method's return type. */
    static final class ShowsAnInternalType {
        public List<dev.odoorelease.engine.internal.docker.DockerCli> docker() {
            return List.of();
        }
    }

    /** A class of the CLI's package that reaches into the engine's internals: what the rule must refuse. */
    static final class UsesAnInternalClass {
        String docker() {
            return dev.odoorelease.engine.internal.docker.DockerCli.local().toString();
        }
    }
}
