package io.jenkins.plugins.odoorelease;

import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every step's form (config.jelly) carries every argument, and the Snippet Generator writes the Pipeline syntax that
 * makes the same step again: the two ways users meet a step's arguments besides this documentation.
 */
@WithJenkins
class SnippetGeneratorTest {

    private static void roundTrip(JenkinsRule r, Step step, String snippet) throws Exception {
        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
        new SnippetizerTester(r).assertRoundTrip(step, snippet);
    }

    @Test
    void odooSnapshot(JenkinsRule r) throws Exception {
        roundTrip(r, new OdooSnapshotStep("production"), "odooSnapshot 'production'");
        OdooSnapshotStep full = new OdooSnapshotStep("production");
        full.setKind("dump");
        full.setLabel("before migration");
        full.setProject("acme");
        roundTrip(
                r,
                full,
                "odooSnapshot environment: 'production', kind: 'dump', label: 'before migration', project: 'acme'");
    }

    @Test
    void odooStageClone(JenkinsRule r) throws Exception {
        roundTrip(
                r,
                new OdooStageCloneStep("production", "staging"),
                "odooStageClone source: 'production', target: 'staging'");
        OdooStageCloneStep full = new OdooStageCloneStep("production", "staging");
        full.setFrom("live");
        full.setAnonymizationRules("/srv/rules.yml");
        full.setProject("acme");
        roundTrip(
                r,
                full,
                "odooStageClone anonymizationRules: '/srv/rules.yml', from: 'live', project: 'acme', source:"
                        + " 'production', target: 'staging'");
    }

    @Test
    void odooDeploy(JenkinsRule r) throws Exception {
        roundTrip(
                r,
                new OdooDeployStep("staging", "registry.example.com/acme/odoo:1"),
                "odooDeploy environment: 'staging', image: 'registry.example.com/acme/odoo:1'");
        OdooDeployStep full = new OdooDeployStep("production", "registry.example.com/acme/odoo:2");
        full.setUpdate("sale,stock");
        full.setCommit("1f2e3d4");
        full.setDryRun(true);
        full.setOnRollback("unstable");
        full.setHealthTimeout(600);
        full.setRecover(true);
        full.setProject("acme");
        roundTrip(
                r,
                full,
                "odooDeploy commit: '1f2e3d4', dryRun: true, environment: 'production', healthTimeout: 600, image:"
                        + " 'registry.example.com/acme/odoo:2', onRollback: 'unstable', project: 'acme', recover: true,"
                        + " update: 'sale,stock'");
        OdooDeployStep pinned = new OdooDeployStep("production", "registry.example.com/acme/odoo:2");
        pinned.setPlan("4be1a7c09d2f3e18");
        pinned.setApprovedBy("alice");
        pinned.setForceUnproven("hotfix for ticket 42");
        pinned.setForceNonLinear("revert of the broken release");
        roundTrip(
                r,
                pinned,
                "odooDeploy approvedBy: 'alice', environment: 'production', forceNonLinear: 'revert of the broken"
                        + " release', forceUnproven: 'hotfix for ticket 42', image: 'registry.example.com/acme/odoo:2',"
                        + " plan: '4be1a7c09d2f3e18'");
    }

    @Test
    void odooHealthCheck(JenkinsRule r) throws Exception {
        OdooHealthCheckStep env = new OdooHealthCheckStep();
        env.setEnvironment("staging");
        roundTrip(r, env, "odooHealthCheck environment: 'staging'");
        OdooHealthCheckStep url = new OdooHealthCheckStep();
        url.setUrl("http://odoo:8069");
        url.setDatabase("prod");
        url.setTimeout(300);
        roundTrip(r, url, "odooHealthCheck database: 'prod', timeout: 300, url: 'http://odoo:8069'");
        OdooHealthCheckStep full = new OdooHealthCheckStep();
        full.setEnvironment("staging");
        full.setUrl("http://odoo:8069");
        full.setDatabase("prod");
        full.setTimeout(300);
        full.setProject("acme");
        roundTrip(
                r,
                full,
                "odooHealthCheck database: 'prod', environment: 'staging', project: 'acme', timeout: 300,"
                        + " url: 'http://odoo:8069'");
    }

    @Test
    void odooEnvironment(JenkinsRule r) throws Exception {
        roundTrip(r, new OdooEnvironmentStep(), "odooEnvironment()");
        OdooEnvironmentStep full = new OdooEnvironmentStep();
        full.setBranch("main");
        full.setProject("acme");
        roundTrip(r, full, "odooEnvironment branch: 'main', project: 'acme'");
    }

    @Test
    void odooRollback(JenkinsRule r) throws Exception {
        roundTrip(r, new OdooRollbackStep("production"), "odooRollback 'production'");
        OdooRollbackStep full = new OdooRollbackStep("production");
        full.setSnapshot("20261122-013012-4fa2");
        full.setDryRun(true);
        full.setImage("registry.example.com/acme/odoo:1");
        full.setProject("acme");
        roundTrip(
                r,
                full,
                "odooRollback dryRun: true, environment: 'production', image: 'registry.example.com/acme/odoo:1',"
                        + " project: 'acme', snapshot: '20261122-013012-4fa2'");
    }

    @Test
    void odooStatus(JenkinsRule r) throws Exception {
        roundTrip(r, new OdooStatusStep("production"), "odooStatus 'production'");
        OdooStatusStep full = new OdooStatusStep("production");
        full.setProject("acme");
        roundTrip(r, full, "odooStatus environment: 'production', project: 'acme'");
    }
}
