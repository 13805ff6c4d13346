package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Keeps out the mistake that stopped every test of {@code OdooStepsTest} ({@code BindException}, 12 errors): the
 * harness's {@code JenkinsExtension} starts a Jenkins each time it resolves a {@link JenkinsRule} parameter, so within
 * one test it may be resolved once — by {@code @BeforeEach} (kept in a field) or by the test method, never both. No
 * Jenkins needed: it reads the compiled test classes.
 */
class JenkinsRuleResolutionTest {

    private static boolean takesRule(Method m) {
        return Arrays.asList(m.getParameterTypes()).contains(JenkinsRule.class);
    }

    @Test
    void noTestClassResolvesAJenkinsRuleTwiceInOneTest() throws Exception {
        Path classes = Path.of(JenkinsRuleResolutionTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> withJenkins = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, JenkinsRuleResolutionTest.class.getClassLoader());
                if (!c.isAnnotationPresent(WithJenkins.class)) {
                    continue;
                }
                withJenkins.add(c.getSimpleName());
                boolean beforeEachTakesRule = false;
                for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                    for (Method m : k.getDeclaredMethods()) {
                        beforeEachTakesRule |= m.isAnnotationPresent(BeforeEach.class) && takesRule(m);
                    }
                }
                if (!beforeEachTakesRule) {
                    continue;
                }
                for (Method m : c.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(Test.class) && takesRule(m)) {
                        twice.add(c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertTrue(withJenkins.contains("OdooStepsTest"), "read the test classes: " + withJenkins);
        assertEquals(
                List.of(),
                twice,
                "test methods taking a JenkinsRule although their @BeforeEach takes one: use the field it sets");
    }
}
