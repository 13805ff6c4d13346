package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/**
 * Employees (hr), each with a work contact (and a private address partner in 16), a resource and a
 * bank account: birthdays, SSN (Belgian national number), passports, visas, private address, phone
 * and e-mail (17/18), emergency contacts, car plates; the first internal users are their users.
 */
final class EmployeeSeeder extends AreaSeeder {
    EmployeeSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (employees == 0) {
            return;
        }
        ids.firstEmployee = nextId("hr_employee");
        long wcBase = nextId("res_partner");  // work contacts
        long ppBase = 0;                      // private addresses (16)
        progress.accept("hr_employee: " + employees + " employees from id " + ids.firstEmployee);
        long e1 = employees - 1;
        String first = "d.fn[1 + (e * 5 + 3) % 60]";
        String last = "d.ln[1 + (e * 19 + 7) % 60]";
        String name = first + " || ' ' || " + last;
        String workEmail = slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || e || '@yourcompany.example.com'";
        String privEmail = slug(first, ".") + " || '.' || " + slug(last, ".") + " || e || '@home.example.net'";
        String privPhone = phone("'+32'", digits9("e", 31, 475000000));
        String homeStreet = "d.st[1 + (e * 7) % 20] || ' ' || (1 + (e * 13) % 200)";
        String homeCity = "d.city[1 + (e % 4)]";
        String homeZip = "d.zip[1 + (e % 4)]";
        // work contacts
        exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                + "is_company, parent_id, commercial_partner_id, email, email_normalized, phone, mobile, phone_sanitized, lang, tz, "
                + "partner_share, employee, color, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + e, " + name + ", " + name + ", 1, 'contact', true, false, NULL, ?::bigint + e, " + workEmail
                + ", lower(" + workEmail + "), " + phone("'+32'", digits9("e", 13, 200000000)) + ", "
                + phone("'+32'", digits9("e", 17, 470000000)) + ", '+32' || " + digits9("e", 13, 200000000)
                + ", 'en_US', 'Europe/Brussels', false, true, 0, 2, " + ts("2020-01-06 08:00:00", "e", 189_216_000L)
                + ", 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) e, d", wcBase, wcBase, e1);
        sync("res_partner");
        if (major == 16) {
            ppBase = nextId("res_partner");
            exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                    + "is_company, commercial_partner_id, email, email_normalized, phone, phone_sanitized, street, zip, city, "
                    + "country_id, lang, tz, partner_share, employee, color, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + e, " + name + ", " + name + ", 1, 'private', true, false, ?::bigint + e, " + privEmail
                    + ", lower(" + privEmail + "), " + privPhone + ", '+32' || " + digits9("e", 31, 475000000) + ", " + homeStreet
                    + ", " + homeZip + ", " + homeCity + ", 1, 'en_US', 'Europe/Brussels', false, false, 0, 2, "
                    + ts("2020-01-06 08:00:00", "e", 189_216_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) e, d", ppBase, ppBase, e1);
            sync("res_partner");
        }
        long rrBase = nextId("resource_resource");
        // employee e gets a user when one exists: the internal users, in order
        String userExpr = "CASE WHEN e < " + users + " AND e % 5 <> 4 THEN " + ids.firstUser + " + e END";
        exec("resource_resource", "WITH " + VOCAB + " INSERT INTO resource_resource (id, name, active, company_id, resource_type, "
                + "user_id, time_efficiency, calendar_id, tz, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + e, " + name + ", e % 20 <> 19, 1, 'user', " + userExpr + ", 100, 1, 'Europe/Brussels', 2, "
                + "timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) e, d", rrBase, e1);
        sync("resource_resource");
        long bankBase = nextId("res_partner_bank");
        String bankPartner = major == 16 ? "?::bigint + e" : "?::bigint + e";
        exec("res_partner_bank", "WITH " + VOCAB + " INSERT INTO res_partner_bank (id, active, acc_number, sanitized_acc_number, "
                + "acc_holder_name, partner_id, allow_out_payment, bank_id, sequence, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + e, true, " + ibanFormatted(iban("e + 7")) + ", " + iban("e + 7") + ", " + name + ", "
                + bankPartner + ", true, 1 + (e % 3)::int, 10, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) e, d", bankBase, major == 16 ? ppBase : wcBase, e1);
        sync("res_partner_bank");
        String birthday = "(date '1962-03-01' + ((e * 7919) % 13500)::int)";
        String nn9 = "(to_char(" + birthday + ", 'YYMMDD') || lpad((1 + (e * 37) % 997)::text, 3, '0'))";
        String privateCols = major == 16 ? "address_home_id, " : "private_street, private_street2, private_city, private_zip, "
                + "private_country_id, private_phone, private_email, lang, private_car_plate, ";
        String privateVals = major == 16 ? "?::bigint + e, "
                : homeStreet + ", CASE WHEN e % 5 = 0 THEN 'Box ' || (1 + e % 30) END, " + homeCity + ", " + homeZip + ", 1, "
                + privPhone + ", " + privEmail + ", 'en_US', (1 + e % 2) || '-' || chr(65 + (e % 26)::int) || chr(65 + ((e / 26) % 26)::int) "
                + "|| chr(65 + ((e / 676) % 26)::int) || '-' || lpad((e % 1000)::text, 3, '0'), ";
        String c18 = major == 18 ? "distance_home_work, distance_home_work_unit, " : "";
        String v18 = major == 18 ? "(3 + (e * 7) % 60)::int, 'kilometers', " : "";
        String sql = "WITH " + VOCAB + " INSERT INTO hr_employee (id, resource_id, name, active, color, department_id, job_id, "
                + "job_title, company_id, address_id, work_phone, mobile_phone, work_email, work_contact_id, user_id, "
                + "resource_calendar_id, parent_id, coach_id, employee_type, " + privateCols + "country_id, gender, marital, "
                + "spouse_complete_name, spouse_birthdate, children, place_of_birth, country_of_birth, birthday, ssnid, sinid, "
                + "identification_id, passport_id, bank_account_id, permit_no, visa_no, visa_expire, additional_note, certificate, "
                + "study_field, study_school, emergency_contact, emergency_phone, km_home_work, " + c18 + "notes, barcode, pin, "
                + "departure_reason_id, departure_description, departure_date, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + e, ?::bigint + e, " + name + ", e % 20 <> 19, (e % 12)::int, 1, 1, d.job[1 + e % 8], 1, 1, "
                + phone("'+32'", digits9("e", 13, 200000000)) + ", " + phone("'+32'", digits9("e", 17, 470000000)) + ", "
                + workEmail + ", ?::bigint + e, " + userExpr + ", 1, "
                + "CASE WHEN e % 10 = 0 THEN (SELECT min(id) FROM hr_employee) ELSE ?::bigint + (e / 10) * 10 END, "
                + "CASE WHEN e % 10 = 0 THEN NULL ELSE ?::bigint + (e / 10) * 10 END, 'employee', " + privateVals
                + "1 + (e % 8)::int, CASE e % 3 WHEN 0 THEN 'female' WHEN 1 THEN 'male' ELSE 'other' END, "
                + "CASE e % 4 WHEN 0 THEN 'married' WHEN 1 THEN 'single' WHEN 2 THEN 'cohabitant' ELSE 'divorced' END, "
                + "CASE WHEN e % 4 IN (0, 2) THEN d.fn[1 + (e * 23 + 1) % 60] || ' ' || " + last + " END, "
                + "CASE WHEN e % 4 IN (0, 2) THEN " + birthday + " + 400 END, (e % 4)::int, " + homeCity + ", 1 + (e % 8)::int, "
                + birthday + ", "
                + "to_char(" + birthday + ", 'YY.MM.DD') || '-' || lpad((1 + (e * 37) % 997)::text, 3, '0') || '.' || "
                + "lpad((97 - mod(" + nn9 + "::bigint, 97))::text, 2, '0'), "
                + "'SIN' || " + digits9("e", 7, 11) + ", 'ID' || " + digits9("e", 104729, 3) + ", "
                + "'EM' || lpad(((e * 7919 + 1234) % 10000000)::text, 7, '0'), ?::bigint + e, "
                + "CASE WHEN e % 7 = 0 THEN 'WP-' || lpad((e * 31 % 1000000)::text, 6, '0') END, "
                + "CASE WHEN e % 7 = 0 THEN 'V' || lpad((e * 17 % 100000000)::text, 8, '0') END, "
                + "CASE WHEN e % 7 = 0 THEN date '2027-06-30' + (e % 365)::int END, "
                + "CASE WHEN e % 6 = 0 THEN 'Allergic to penicillin; reduced mobility badge.' END, "
                + "CASE e % 3 WHEN 0 THEN 'master' WHEN 1 THEN 'bachelor' ELSE 'graduate' END, "
                + "CASE e % 3 WHEN 0 THEN 'Computer Science' WHEN 1 THEN 'Economics' ELSE 'Logistics' END, "
                + "CASE e % 3 WHEN 0 THEN 'KU Leuven' WHEN 1 THEN 'Université libre de Bruxelles' ELSE 'Ghent University' END, "
                + "d.fn[1 + (e * 29 + 2) % 60] || ' ' || " + last + ", " + phone("'+32'", digits9("e", 43, 476000000)) + ", "
                + "(3 + (e * 7) % 60)::int, " + v18
                + "CASE WHEN e % 9 = 0 THEN 'Salary review: +4% from January. Performance improvement plan closed.' END, "
                + "'EMP' || lpad((?::bigint + e)::text, 9, '0'), lpad(((e * 7919) % 10000)::text, 4, '0'), "
                + "CASE WHEN e % 20 = 19 THEN 2 END, CASE WHEN e % 20 = 19 THEN '<p>Left for a competitor; exit interview on file.</p>' END, "
                + "CASE WHEN e % 20 = 19 THEN date '2026-06-30' END, 2, "
                + ts("2020-01-06 08:00:00", "e", 189_216_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) e, d";
        if (major == 16) {
            exec("hr_employee", sql, ids.firstEmployee, rrBase, wcBase, ids.firstEmployee, ids.firstEmployee, ppBase, bankBase, ids.firstEmployee, e1);
        } else {
            exec("hr_employee", sql, ids.firstEmployee, rrBase, wcBase, ids.firstEmployee, ids.firstEmployee, bankBase, ids.firstEmployee, e1);
        }
        sync("hr_employee");
        c.commit();
    }
}
