package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A project as the tests configure it: {@code dev} (branch develop), {@code staging} (branch staging) and
 * {@code production} (branch main), each with its own database credential, all pointing at a database port where no
 * server listens, so that an operation that reaches the database fails at once with the engine's message. What the
 * engine does with a real database is tested in the engine.
 */
final class OdooFixtures {
    static final String DEV_PASSWORD = "Dev-Secret-4b7e";
    static final String STAGING_PASSWORD = "Staging-Secret-91c2";
    static final String PROD_PASSWORD = "Prod-Secret-7f3a";

    private OdooFixtures() {}

    /** A loopback port where nothing listens. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void credentials() throws Exception {
        add("dev-db", "odoo_dev", DEV_PASSWORD);
        add("staging-db", "odoo_staging", STAGING_PASSWORD);
        add("prod-db", "odoo_prod", PROD_PASSWORD);
    }

    static void add(String id, String user, String password) throws Exception {
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "test " + id, user, password));
        SystemCredentialsProvider.getInstance().save();
    }

    static OdooEnvironmentDefinition environment(
            String name, String kind, String branch, String credentialsId, int dbPort, Path dataDir) {
        OdooEnvironmentDefinition e = new OdooEnvironmentDefinition(name);
        e.setKind(kind);
        e.setBranches(branch);
        e.setDataDir(dataDir.resolve(name).toString());
        OdooDatabaseSettings db = new OdooDatabaseSettings(name.equals("production") ? "prod" : name, credentialsId);
        db.setPort(dbPort);
        e.setDatabase(db);
        e.setUrl("http://127.0.0.1:" + dbPort + "/" + name + "/"); // each environment its own URL
        return e;
    }

    /** The project {@code acme}: dev, staging and production on an unreachable database server. */
    static OdooProject acme(Path dataDir) {
        return acme(dataDir, closedPort());
    }

    /** The project {@code acme} with every environment's database on the server at {@code port} of the loopback. */
    static OdooProject acme(Path dataDir, int port) {
        OdooProject p = new OdooProject("acme");
        p.setAddonsPaths("addons");
        List<OdooEnvironmentDefinition> envs = new ArrayList<>();
        envs.add(environment("dev", "development", "develop", "dev-db", port, dataDir));
        envs.add(environment("staging", "staging", "staging", "staging-db", port, dataDir));
        OdooEnvironmentDefinition prod = environment("production", "production", "main", "prod-db", port, dataDir);
        prod.setContainer(new OdooContainerSettings("odoo-prod"));
        envs.add(prod);
        p.setEnvironments(envs);
        return p;
    }

    static void configure(OdooProject... projects) {
        OdooReleaseConfiguration.get().setProjects(List.of(projects));
    }

    /** Every file under {@code dir} that contains {@code secret}: a build must leave none. */
    static List<String> filesContaining(File dir, String secret) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.toPath())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret)) {
                    hits.add(dir.toPath().relativize(f).toString());
                }
            }
        }
        return hits;
    }

    /**
     * Runs {@code script} as a new pipeline job, asserts the build ends {@code expected}, and that no password of the
     * fixtures is in its log or in any file of the build.
     */
    static WorkflowRun runPipeline(JenkinsRule r, String script, Result expected) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = r.buildAndAssertStatus(expected, p);
        for (String secret : List.of(DEV_PASSWORD, STAGING_PASSWORD, PROD_PASSWORD)) {
            r.assertLogNotContains(secret, b);
            assertEquals(List.of(), filesContaining(b.getRootDir(), secret), "build files holding a password");
        }
        return b;
    }
}
