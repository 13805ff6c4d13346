package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * HR records of the employees among the sample: leaves, resumé lines, contracts, company cars and
 * (17/18) attendances with IP addresses.
 */
final class HrRecordsSeeder extends PartnerSampleSeeder {
    HrRecordsSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (employees > 0) {
            // 16 keeps the private address on a partner (address_home_id), 17 and 18 on the employee
            String emp = major == 16
                    ? " FROM (SELECT x.id, x.name, x.work_contact_id, h.phone AS private_phone, h.email AS private_email, "
                    + "h.street AS private_street, h.city AS private_city, x.emergency_phone AS private_car_plate FROM hr_employee x "
                    + "LEFT JOIN res_partner h ON h.id = x.address_home_id) e WHERE e.id >= " + ids.firstEmployee + " AND e.id < " + (ids.firstEmployee + Math.min(employees, n))
                    : " FROM hr_employee e WHERE e.id >= " + ids.firstEmployee + " AND e.id < " + (ids.firstEmployee + Math.min(employees, n));
            exec("hr_leave", "INSERT INTO hr_leave (employee_id, private_name, name, notes, state, date_from, date_to, " + cols + ") "
                    + "SELECT e.id, 'Surgery of ' || e.name, 'Surgery of ' || e.name, 'Call ' || e.private_phone, 'validate', "
                    + "timestamp '2026-11-02 08:00:00', timestamp '2026-11-06 17:00:00', " + audit + emp);
            exec("hr_resume_line", "INSERT INTO hr_resume_line (employee_id, name, description, date_start, " + cols + ") "
                    + "SELECT e.id, e.name || ' at Acme', 'References: ' || e.private_email, date '2015-09-01', " + audit + emp);
            exec("hr_contract", "INSERT INTO hr_contract (name, employee_id, wage, notes, state, date_start, company_id, " + cols + ") "
                    + "SELECT 'Contract ' || e.name, e.id, 3500, 'Private: ' || e.private_email, 'open', date '2024-01-01', 1, " + audit + emp);
            exec("fleet_vehicle", "INSERT INTO fleet_vehicle (name, license_plate, vin_sn, driver_id, location, company_id, " + cols + ") "
                    + "SELECT 'Car of ' || e.name, e.private_car_plate, 'VIN' || md5(e.name), e.work_contact_id, e.private_street, 1, "
                    + audit + emp);
            if (major >= 17) {
                exec("hr_attendance", "INSERT INTO hr_attendance (employee_id, check_in, check_out, in_latitude, in_longitude, "
                        + "in_country_name, in_city, in_ip_address, in_browser, in_mode, out_ip_address, out_city, " + cols + ") "
                        + "SELECT e.id, timestamp '2026-11-20 08:00:00', timestamp '2026-11-20 17:00:00', 50.85, 4.35, 'Belgium', "
                        + "e.private_city, '10.' || (e.id % 250) || '.' || (e.id % 7) || '.' || (e.id % 251), 'firefox', 'kiosk', "
                        + "'10.9.' || (e.id % 7) || '.' || (e.id % 251), e.private_city, " + audit + emp);
            }
        }
    }
}
