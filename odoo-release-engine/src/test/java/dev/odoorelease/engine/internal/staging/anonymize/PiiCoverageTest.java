package dev.odoorelease.engine.internal.staging.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiCoverageTest {
    @ParameterizedTest
    @ValueSource(strings = {"email", "email_from", "x_email2", "work_emails", "phone", "mobile_phone", "phone_sanitized", "street2",
        "zip", "x_zipcode", "city", "vat", "x_customer_iban", "acc_number", "sanitized_acc_number", "ssnid", "sinid", "passport_id",
        "identification_id", "permit_no", "visa_no", "birthday", "spouse_birthdate", "place_of_birth", "private_street",
        "private_car_plate", "partner_address", "ip_address", "login", "signature", "pin", "emergency_contact", "contact_name",
        "acc_holder_name", "firstname", "last_name", "X_Customer_Email"})
    void personalNames(String column) {
        assertThat(PiiCoverage.personalPattern(column)).as(column).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "display_name", "complete_name", "full_name", "zipper_size", "shipping_policy", "cityscape",
        "pinned_at", "vatican", "description", "partner_id", "mailbox", "smtp_ssl_private_key", "skip_reason"})
    void otherNames(String column) {
        assertThat(PiiCoverage.personalPattern(column)).as(column).isEmpty();
    }
}
