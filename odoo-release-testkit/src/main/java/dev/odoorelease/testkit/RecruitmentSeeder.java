package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Recruitment: job applications (and candidates in 18) of the sampled partners.
 */
final class RecruitmentSeeder extends PartnerSampleSeeder {
    RecruitmentSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (major >= 17) {
            exec("hr_applicant", "INSERT INTO hr_applicant (name, partner_id, partner_name, email_from, email_normalized, email_cc, "
                    + "partner_phone, partner_phone_sanitized, linkedin_profile, description, active, " + cols + ") "
                    + "SELECT 'Application of ' || p.name, p.id, p.name, p.email, p.email_normalized, p.email, p.phone, p.phone_sanitized, "
                    + "'https://linkedin.example.com/in/' || md5(p.name), '<p>Lives at ' || p.street || '</p>', true, " + audit + from);
            if (major >= 18) {
                exec("hr_candidate", "INSERT INTO hr_candidate (partner_id, partner_name, email_from, email_normalized, partner_phone, "
                        + "partner_phone_sanitized, linkedin_profile, company_id, active, " + cols + ") SELECT p.id, p.name, p.email, "
                        + "p.email_normalized, p.phone, p.phone_sanitized, 'https://linkedin.example.com/in/' || md5(p.name), 1, true, "
                        + audit + from);
            }
        } else {
            exec("hr_applicant", "INSERT INTO hr_applicant (name, partner_id, partner_name, email_from, email_normalized, email_cc, "
                    + "partner_phone, partner_mobile, partner_phone_sanitized, linkedin_profile, description, active, " + cols + ") "
                    + "SELECT 'Application of ' || p.name, p.id, p.name, p.email, p.email_normalized, p.email, p.phone, p.mobile, "
                    + "p.phone_sanitized, 'https://linkedin.example.com/in/' || md5(p.name), '<p>Lives at ' || p.street || '</p>', true, "
                    + audit + from);
            exec(null, "UPDATE hr_applicant a SET partner_mobile_sanitized = p.mobile FROM res_partner p WHERE p.id = a.partner_id");
        }
    }
}
