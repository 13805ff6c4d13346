package dev.odoorelease.testkit;

import java.sql.SQLException;
import java.util.List;

/**
 * The standard Community modules' personal-data tables (blacklists, SMS, letters, calendar, sales,
 * accounting, HR, events, surveys, POS, livechat, mailings, recruitment, wizards...): one row per
 * partner of the sample ({@link PartnerSampleSeeder}) in each table, holding the partner's real name,
 * e-mail, phone and address as Odoo copies them there, so that a test sees them where a real database
 * has them. All of it is committed at once.
 */
final class CommunityModulesSeeder extends AreaSeeder {
    CommunityModulesSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (partners == 0) {
            return;
        }
        List<PartnerSampleSeeder> modules = List.of(new MailDataSeeder(run), new CalendarSeeder(run),
                new SaleAccountingSeeder(run), new HrRecordsSeeder(run), new FrontOfficeSeeder(run),
                new MarketingSeeder(run), new RecruitmentSeeder(run), new OpenWizardSeeder(run));
        progress.accept("standard modules' personal data: " + modules.get(0).n + " rows per table");
        for (PartnerSampleSeeder module : modules) {
            module.seed();
        }
        c.commit();
    }
}
