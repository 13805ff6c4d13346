package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration as Code: the global configuration, every field set, is exported as YAML (without a secret) and the
 * export imported into an emptied configuration gives the same configuration back; the example of docs/steps.md
 * loads as documented.
 */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    static final Path DOCUMENTED = Path.of("..", "docs", "steps.md");

    @TempDir
    Path dataDir;

    @Test
    void theExportedConfigurationImportsBackIdentically(JenkinsConfiguredWithCodeRule r) throws Exception {
        OdooFixtures.credentials();
        OdooFixtures.configure(everyFieldSet());
        String before = Jenkins.XSTREAM2.toXML(OdooReleaseConfiguration.get());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        String yaml = out.toString(StandardCharsets.UTF_8);
        assertTrue(yaml.contains("odooRelease:"), yaml);
        assertTrue(yaml.contains("prod-db"), yaml);
        assertTrue(yaml.contains("cronAllowlist:"), yaml);
        assertTrue(yaml.contains("loadBalancerPort: 8090"), yaml);
        for (String secret :
                List.of(OdooFixtures.DEV_PASSWORD, OdooFixtures.STAGING_PASSWORD, OdooFixtures.PROD_PASSWORD)) {
            assertFalse(yaml.contains(secret), "the export holds a password");
        }

        OdooReleaseConfiguration.get().setProjects(List.of());
        assertNotEquals(before, Jenkins.XSTREAM2.toXML(OdooReleaseConfiguration.get()));
        ConfigurationAsCode.get()
                .configureWith(YamlSource.of(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
        assertEquals(before, Jenkins.XSTREAM2.toXML(OdooReleaseConfiguration.get()));
    }

    @Test
    void theDocumentedExampleLoads(JenkinsConfiguredWithCodeRule r) throws Exception {
        String doc = Files.readString(DOCUMENTED);
        int section = doc.indexOf("### Configuration as Code");
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        assertTrue(section > 0 && yaml.contains("odooRelease:"), "the example is in " + DOCUMENTED);

        ConfigurationAsCode.get()
                .configureWith(YamlSource.of(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
        OdooProject acme = OdooReleaseConfiguration.get().project("acme");
        assertEquals("addons", acme.getAddonsPaths());
        assertEquals(
                List.of("dev", "staging", "production"),
                acme.getEnvironments().stream()
                        .map(OdooEnvironmentDefinition::getName)
                        .toList());
        OdooEnvironmentDefinition staging = acme.getEnvironments().get(1);
        assertEquals("mailhog", staging.getStaging().getMailCatcherHost());
        assertEquals(1025, staging.getStaging().getMailCatcherPort());
        OdooEnvironmentDefinition production = acme.getEnvironments().get(2);
        assertEquals("production", production.getKind());
        assertEquals("main", production.getBranches());
        assertEquals("odoo-prod-db", production.getDatabase().getCredentialsId());
        assertEquals("8069:8069", production.getContainer().getPorts());
        assertEquals("https://registry.example.com", production.getRegistry().getUrl());
        assertEquals(7, production.getSnapshots().getKeep());
        assertEquals(300, production.getHealth().getTimeoutSeconds());
        assertEquals(2, production.getHealth().getUrls().size());
        assertEquals(303, production.getHealth().getUrls().get(1).getStatus());
    }

    /** acme with every optional section and field of an environment set. */
    private OdooProject everyFieldSet() {
        OdooProject p = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition staging = p.getEnvironments().get(1);
        OdooStagingSettings s = new OdooStagingSettings();
        s.setUrl("http://odoo-staging:8069");
        s.setAnonymizationRules("/srv/odoo/anonymization.yml");
        s.setNeutralizationSql("UPDATE res_partner SET email = NULL WHERE id = 1;");
        s.setMailCatcherHost("mailhog");
        s.setMailCatcherPort(1025);
        s.setCronAllowlist("mail.ir_cron_mail_scheduler_action\nbase.ir_cron_act");
        s.setPiiPolicy("warn");
        s.setReportDir("/srv/odoo/reports");
        staging.setStaging(s);
        staging.setJobs(3);
        p.getEnvironments().get(0).setSwarm(OdooReleaseConfigurationTest.swarm());

        OdooEnvironmentDefinition production = p.getEnvironments().get(2);
        OdooContainerSettings c = new OdooContainerSettings("odoo-prod");
        c.setNetwork("odoo");
        c.setPorts("8069:8069\n8072:8072");
        c.setArgs("--workers=4\n--max-cron-threads=1");
        c.setEnv("TZ=Europe/Brussels");
        c.setVolumes("/srv/odoo/addons:/mnt/extra-addons:ro");
        c.setStopGraceSeconds(30);
        production.setContainer(c);
        production.setDockerServer(new DockerServerEndpoint("tcp://docker.internal:2376", null));
        production.setRegistry(new DockerRegistryEndpoint("https://registry.example.com", null));
        OdooSnapshotSettings snapshots = new OdooSnapshotSettings();
        snapshots.setKind("dump");
        snapshots.setStore("/srv/odoo/snapshots");
        snapshots.setKeep(7);
        snapshots.setMaxMissingFiles(2);
        production.setSnapshots(snapshots);
        OdooHealthSettings h = new OdooHealthSettings();
        h.setUrl("http://odoo-prod:8069");
        h.setTimeoutSeconds(300);
        h.setPollIntervalSeconds(3);
        h.setProbeTimeoutSeconds(5);
        h.setConsecutivePasses(2);
        h.setExpectedSeries("17.0");
        h.setRequireLogLines(true);
        OdooUrlCheck shop = new OdooUrlCheck("shop");
        shop.setText("Shop");
        OdooUrlCheck portal = new OdooUrlCheck("my/home");
        portal.setStatus(303);
        h.setUrls(List.of(shop, portal));
        production.setHealth(h);
        return p;
    }
}
