package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerEndpoint;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The global configuration: its page and storage, its checks, its permissions, and its data binding. */
@WithJenkins
class OdooReleaseConfigurationTest {

    @TempDir
    Path dataDir;

    /** A project with every setting away from its default, so a lost field shows. */
    private OdooProject everything() {
        OdooProject p = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition prod = p.environment("production").orElseThrow();
        prod.setBranches("main, hotfix/**");
        prod.setJobs(3);
        prod.getDatabase().setHost("db.internal");
        prod.getDatabase().setStateDatabase("odoo_release_state");
        OdooContainerSettings c = new OdooContainerSettings("odoo-prod");
        c.setNetwork("odoo");
        c.setPorts("8069:8069\n8072:8072");
        c.setArgs("--workers=4\n--proxy-mode");
        c.setEnv("TZ=Europe/Brussels");
        c.setVolumes("/srv/addons:/mnt/extra-addons:ro");
        c.setStopGraceSeconds(45);
        prod.setContainer(c);
        prod.setDockerServer(new DockerServerEndpoint("tcp://odoo-host:2376", null));
        prod.setRegistry(new DockerRegistryEndpoint("https://registry.example.com", "prod-db"));
        OdooSnapshotSettings snapshots = new OdooSnapshotSettings();
        snapshots.setKind("dump");
        snapshots.setStore("/srv/snapshots");
        snapshots.setKeep(7);
        snapshots.setMaxMissingFiles(2);
        prod.setSnapshots(snapshots);
        OdooHealthSettings health = new OdooHealthSettings();
        health.setUrl("http://odoo-prod:8069");
        health.setTimeoutSeconds(600);
        health.setPollIntervalSeconds(5);
        health.setProbeTimeoutSeconds(20);
        health.setConsecutivePasses(2);
        health.setExpectedSeries("17.0");
        health.setRequireLogLines(false);
        OdooUrlCheck shop = new OdooUrlCheck("shop");
        shop.setText("Shop");
        OdooUrlCheck login = new OdooUrlCheck("/web/login?db=prod");
        login.setStatus(303);
        health.setUrls(List.of(shop, login));
        prod.setHealth(health);
        OdooStagingSettings staging = new OdooStagingSettings();
        staging.setUrl("https://staging.example.com");
        staging.setAnonymizationRules("/srv/odoo/anonymization.yml");
        staging.setNeutralizationSql("/srv/odoo/neutralize-1.sql\n/srv/odoo/neutralize-2.sql");
        staging.setMailCatcherHost("mailhog");
        staging.setMailCatcherPort(2525);
        staging.setCronAllowlist("acme.cron_sync");
        staging.setPiiPolicy("warn");
        staging.setReportDir("/srv/reports");
        p.environment("staging").orElseThrow().setStaging(staging);
        p.environment("staging").orElseThrow().setSwarm(swarm());
        OdooPreviewSettings previews = new OdooPreviewSettings();
        previews.setBranches("feature/*");
        previews.setChangeRequests(false);
        previews.setSource("staging");
        previews.setData("demo");
        previews.setDemoModules("sale, stock");
        previews.setDataDir("/srv/previews");
        previews.setUrl("http://127.0.0.1:{port}");
        previews.setPorts("18100-18120");
        previews.setTtl("2d");
        previews.setMaxAlive(3);
        p.setPreview(previews);
        return p;
    }

    /** A swarm service with every field away from its default. */
    static OdooSwarmSettings swarm() {
        OdooSwarmSettings s = new OdooSwarmSettings("odoo-staging");
        s.setInstances(3);
        s.setNetworks("odoo-staging-net\nodoo-shared");
        s.setDataMount("type=volume,source=odoo-staging-data,target=/var/lib/odoo");
        s.setCron(false);
        s.setEndpointMode("dnsrr");
        s.setArgs("--workers=4\n--proxy-mode");
        s.setEnv("TZ=Europe/Brussels");
        s.setStopGraceSeconds(20);
        s.setLoadBalancerPort(8090);
        s.setLoadBalancerImage("registry.example.com/haproxy:2.6");
        s.setLoadBalancerBaseImage("debian:bookworm");
        s.setRetryAfterSeconds(45);
        return s;
    }

    @Test
    void everySettingSurvivesTheConfigurationPageAndARestart(JenkinsRule r) throws Throwable {
        OdooFixtures.credentials();
        OdooFixtures.configure(everything());
        List<OdooProject> before = OdooReleaseConfiguration.get().getProjects();

        r.configRoundtrip();
        r.assertEqualDataBoundBeans(before, OdooReleaseConfiguration.get().getProjects());

        r.restart();
        r.assertEqualDataBoundBeans(before, OdooReleaseConfiguration.get().getProjects());
        EngineConfigs.validate(OdooReleaseConfiguration.get().getProjects().get(0));
        dev.odoorelease.engine.config.PreviewTemplate template =
                OdooReleaseConfiguration.get().getProjects().get(0).previewTemplate();
        assertEquals(dev.odoorelease.engine.config.PreviewTemplate.DataSource.DEMO, template.data());
        assertEquals(List.of("sale", "stock"), template.demoModules());
    }

    @Test
    void aSwarmEnvironmentReachesTheEngineAndWhatTheEngineRefusesIsNotSaved(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject p = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition staging = p.environment("staging").orElseThrow();
        staging.setSwarm(swarm());
        dev.odoorelease.engine.config.SwarmRuntime engine =
                EngineConfigs.withoutSecrets(p).environment("staging").swarm().orElseThrow();
        assertEquals("odoo-staging", engine.service());
        assertEquals(3, engine.instances());
        assertEquals(List.of("odoo-staging-net", "odoo-shared"), engine.networks());
        assertEquals("dnsrr", engine.endpointMode());
        assertEquals(false, engine.cron());
        assertEquals(List.of("--workers=4", "--proxy-mode"), engine.odooArgs());
        assertEquals(java.util.Map.of("TZ", "Europe/Brussels"), engine.env());
        assertEquals(java.time.Duration.ofSeconds(20), engine.stopGrace());
        assertTrue(engine.loadBalancer().managed());
        assertEquals(8090, engine.loadBalancer().port());
        assertEquals(45, engine.loadBalancer().retryAfterSeconds());
        assertEquals("registry.example.com/haproxy:2.6", engine.loadBalancer().image());

        OdooSwarmSettings external = swarm();
        external.setLoadBalancerPort(0);
        external.setExternalLoadBalancer("corporate-f5");
        staging.setSwarm(external);
        assertEquals(
                "corporate-f5",
                EngineConfigs.withoutSecrets(p)
                        .environment("staging")
                        .swarm()
                        .orElseThrow()
                        .loadBalancer()
                        .external());

        // both a container and a swarm service: the engine's message, on the page as from a step
        staging.setSwarm(swarm());
        staging.setContainer(new OdooContainerSettings("odoo-staging"));
        RuntimeException both =
                assertThrows(RuntimeException.class, () -> OdooReleaseConfiguration.validate(List.of(p)));
        assertTrue(both.getMessage().contains("both container settings and runtime: swarm"), both.getMessage());
        OdooFixtures.configure(p);
        assertThrows(FailingHttpStatusCodeException.class, r::configRoundtrip, "the page refuses to save it");

        // a managed load balancer without a port
        staging.setContainer(null);
        OdooSwarmSettings noPort = swarm();
        noPort.setLoadBalancerPort(0);
        staging.setSwarm(noPort);
        RuntimeException port =
                assertThrows(RuntimeException.class, () -> OdooReleaseConfiguration.validate(List.of(p)));
        assertTrue(port.getMessage().contains("is not a TCP port"), port.getMessage());
    }

    @Test
    void savingAProjectThatTheEngineRefusesFailsWithItsMessage(JenkinsRule r) throws Exception {
        OdooProject p = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition staging = p.environment("staging").orElseThrow();
        OdooDatabaseSettings sameAsProduction = new OdooDatabaseSettings("prod", "staging-db");
        sameAsProduction.setPort(
                p.environment("production").orElseThrow().getDatabase().getPort());
        staging.setDatabase(sameAsProduction);

        RuntimeException direct = assertThrows(
                RuntimeException.class,
                () -> OdooReleaseConfiguration.validate(List.of(p)),
                "two environments on one database");
        assertTrue(direct.getMessage().contains("use the same database"), direct.getMessage());

        OdooFixtures.configure(p); // as Configuration-as-Code could
        assertThrows(FailingHttpStatusCodeException.class, r::configRoundtrip, "the page refuses to save it");
    }

    @Test
    void fieldChecksSayWhatIsWrong(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        var env = r.jenkins.getDescriptorByType(OdooEnvironmentDefinition.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, env.doCheckName("Production!").kind);
        assertEquals(FormValidation.Kind.OK, env.doCheckName("production").kind);
        assertEquals(FormValidation.Kind.WARNING, env.doCheckBranches("", "production").kind);
        assertEquals(FormValidation.Kind.ERROR, env.doCheckBranches("main, /bad", "staging").kind);
        assertEquals(FormValidation.Kind.ERROR, env.doCheckDataDir("relative/dir").kind);
        assertEquals(FormValidation.Kind.ERROR, env.doCheckUrl("odoo:8069").kind);

        var container = r.jenkins.getDescriptorByType(OdooContainerSettings.DescriptorImpl.class);
        FormValidation secret = container.doCheckEnv("TZ=UTC\nADMIN_PASSWORD=admin");
        assertEquals(FormValidation.Kind.ERROR, secret.kind);
        assertTrue(secret.getMessage().contains("ADMIN_PASSWORD"), secret.getMessage());
        assertEquals(FormValidation.Kind.ERROR, container.doCheckPorts("8069:8069\n80 69").kind);
        assertEquals(FormValidation.Kind.OK, container.doCheckPorts("8069:8069\n127.0.0.1:8072:8072").kind);
        assertEquals(FormValidation.Kind.ERROR, container.doCheckArgs("workers=4").kind);

        var previews = r.jenkins.getDescriptorByType(OdooPreviewSettings.DescriptorImpl.class);
        FormValidation demoModule = previews.doCheckDemoModules("sale, Stock!");
        assertEquals(FormValidation.Kind.ERROR, demoModule.kind);
        assertTrue(
                demoModule.getMessage().contains("Stock!")
                        && demoModule.getMessage().contains("is not a module name"),
                demoModule.getMessage());
        assertEquals(FormValidation.Kind.OK, previews.doCheckDemoModules("sale stock").kind);

        var swarm = r.jenkins.getDescriptorByType(OdooSwarmSettings.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckService("").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckInstances("0").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckInstances("65").kind);
        assertEquals(FormValidation.Kind.OK, swarm.doCheckInstances("3").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckNetworks(" ").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckLoadBalancerPort("0", "").kind);
        assertEquals(FormValidation.Kind.OK, swarm.doCheckLoadBalancerPort("0", "corporate-f5").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckEnv("DB_PASSWORD=x").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckArgs("workers=4").kind);
        assertEquals(FormValidation.Kind.ERROR, swarm.doCheckRetryAfterSeconds("0").kind);

        var staging = r.jenkins.getDescriptorByType(OdooStagingSettings.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, staging.doCheckAnonymizationRules("rules.yml").kind);
        assertEquals(FormValidation.Kind.ERROR, staging.doCheckCronAllowlist("base.autovacuum_job\nsync").kind);
        assertEquals(FormValidation.Kind.ERROR, staging.doCheckMailCatcherHost("mailhog:1025").kind);

        var urlCheck = r.jenkins.getDescriptorByType(OdooUrlCheck.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, urlCheck.doCheckPath("").kind);
        FormValidation absolute = urlCheck.doCheckPath("https://elsewhere.example.com/web/health");
        assertEquals(FormValidation.Kind.ERROR, absolute.kind);
        assertTrue(absolute.getMessage().contains("is not a relative path"), absolute.getMessage());
        assertEquals(FormValidation.Kind.OK, urlCheck.doCheckPath("/web/login?db=prod").kind);
        assertEquals(FormValidation.Kind.ERROR, urlCheck.doCheckStatus("99").kind);
        assertEquals(FormValidation.Kind.ERROR, urlCheck.doCheckStatus("ok").kind);
        assertEquals(FormValidation.Kind.OK, urlCheck.doCheckStatus("303").kind);

        var project = r.jenkins.getDescriptorByType(OdooProject.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, project.doCheckAddonsPaths("addons, ../other").kind);

        var rollback = r.jenkins.getDescriptorByType(OdooRollbackStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, rollback.doCheckSnapshot(null, "previous").kind);
        assertEquals(FormValidation.Kind.ERROR, rollback.doCheckSnapshot(null, "yesterday").kind);

        var db = r.jenkins.getDescriptorByType(OdooDatabaseSettings.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, db.doCheckCredentialsId("prod-db").kind);
        assertEquals(FormValidation.Kind.WARNING, db.doCheckCredentialsId("no-such-id").kind);
        assertEquals(FormValidation.Kind.ERROR, db.doCheckName("prod; DROP").kind);
        assertTrue(db.doFillCredentialsIdItems("").stream().anyMatch(o -> o.value.equals("prod-db")));
    }

    @Test
    void webMethodsAnswerAdministratorsOnly(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooFixtures.configure(OdooFixtures.acme(dataDir));
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .to("dev"));
        var db = r.jenkins.getDescriptorByType(OdooDatabaseSettings.DescriptorImpl.class);
        var env = r.jenkins.getDescriptorByType(OdooEnvironmentDefinition.DescriptorImpl.class);
        var deploy = r.jenkins.getDescriptorByType(OdooDeployStep.DescriptorImpl.class);
        var urlCheck = r.jenkins.getDescriptorByType(OdooUrlCheck.DescriptorImpl.class);

        try (ACLContext ignored = ACL.as2(User.getById("dev", true).impersonate2())) {
            assertEquals(FormValidation.Kind.OK, urlCheck.doCheckPath("https://elsewhere/x").kind, "no answer");
            assertEquals(FormValidation.Kind.OK, urlCheck.doCheckStatus("99").kind, "no answer");
            ListBoxModel credentials = db.doFillCredentialsIdItems("current");
            assertEquals(
                    List.of("current"), credentials.stream().map(o -> o.value).toList(), "no credential listed");
            assertEquals(FormValidation.Kind.OK, env.doCheckName("Production!").kind, "no answer");
            assertTrue(deploy.doFillProjectItems(null).isEmpty(), "no project names");
            assertTrue(deploy.doFillEnvironmentItems(null, "acme").isEmpty(), "no environment names");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertTrue(db.doFillCredentialsIdItems("").stream().anyMatch(o -> o.value.equals("prod-db")));
            assertEquals(
                    List.of("dev", "staging", "production"),
                    deploy.doFillEnvironmentItems(null, "acme").stream().toList());
        }
    }

    /** Configuration-as-Code binds the same data-bound model from YAML maps. */
    @Test
    void aProjectBindsFromPlainValuesAsConfigurationAsCodeGivesThem(JenkinsRule r) throws Exception {
        Map<String, Object> yaml = Map.of(
                "name", "acme",
                "addonsPaths", "addons",
                "environments",
                        List.of(Map.of(
                                "name", "production",
                                "kind", "production",
                                "branches", "main",
                                "url", "http://odoo-prod:8069",
                                "dataDir", "/srv/odoo/production",
                                "database", Map.of("host", "db.internal", "name", "prod", "credentialsId", "prod-db"),
                                "container", Map.of("name", "odoo-prod", "ports", "8069:8069"),
                                "health",
                                        Map.of(
                                                "timeoutSeconds",
                                                300,
                                                "urls",
                                                List.of(
                                                        Map.of("path", "shop", "text", "Shop"),
                                                        Map.of("path", "web/login?db=prod", "status", 303))))));

        OdooProject p = DescribableModel.of(OdooProject.class).instantiate(yaml);

        OdooEnvironmentDefinition prod = p.environment("production").orElseThrow();
        assertEquals("db.internal", prod.getDatabase().getHost());
        assertEquals(300, prod.getHealth().getTimeoutSeconds());
        assertEquals(
                List.of("shop 200 Shop", "web/login?db=prod 303 null"),
                prod.getHealth().getUrls().stream()
                        .map(u -> u.getPath() + " " + u.getStatus() + " " + u.getText())
                        .toList());
        assertEquals("odoo-prod", prod.getContainer().getName());
        EngineConfigs.validate(p);
    }
}
