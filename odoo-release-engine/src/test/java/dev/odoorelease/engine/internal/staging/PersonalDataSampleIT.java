package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PersonalDataSampleIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("sample");

    @Test
    void bigTablesAreSampledByBlocksSmallOnesReadWhole() throws Exception {
        PG.server().createDatabase("sample");
        try (Connection c = PG.server().connect("sample"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE res_partner (id serial PRIMARY KEY, email varchar, phone varchar, mobile varchar)");
            s.execute("CREATE TABLE res_users (id serial PRIMARY KEY, login varchar, password varchar)");
            s.execute("INSERT INTO res_users (login, password) VALUES ('admin', 'h0'), ('jane@example.com', 'h1')");
            s.execute("INSERT INTO res_partner (email, phone, mobile) SELECT 'p' || g || '@example.com', '+32 470 ' || lpad(g::text, 6, '0'), "
                    + "CASE WHEN g % 2 = 0 THEN '+32 475 ' || lpad(g::text, 6, '0') END FROM generate_series(1, 300000) g");

            assertThat(PersonalDataSample.blockSample(c, "res_partner")).as("never analyzed: read whole").isEmpty();
            s.execute("ANALYZE res_partner");
            assertThat(PersonalDataSample.blockSample(c, "res_partner")).contains("TABLESAMPLE SYSTEM");

            PersonalDataSample a = PersonalDataSample.collect(c, List.of("admin"));
            PersonalDataSample b = PersonalDataSample.collect(c, List.of("admin"));
            assertThat(a.emails).as("enough e-mails from a block sample").hasSize(PersonalDataSample.LIMIT).isEqualTo(b.emails);
            assertThat(a.phones).hasSize(PersonalDataSample.LIMIT).isEqualTo(b.phones);
            assertThat(new HashSet<>(a.emails)).as("from all over the table, not its first rows")
                    .anyMatch(e -> Integer.parseInt(e.substring(1, e.indexOf('@'))) > 150_000);
            assertThat(a.logins).as("small table read whole, kept logins left out").containsExactly("jane@example.com");
            assertThat(a.passwords).hasSize(2);
            assertThat(a.others).as("no name, street, VAT or bank table here: nothing else sampled").isEmpty();
        }
    }
}
