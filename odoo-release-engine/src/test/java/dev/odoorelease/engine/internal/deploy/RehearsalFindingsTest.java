package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.result.RehearsalResult.SchemaChange;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The update's warnings and errors as Odoo logs them, and the schema differences a rehearsal reports. */
class RehearsalFindingsTest {
    @Test
    void warningsAndErrorsAreReadFromOdoosLogLinesWithTheExceptionThatEndsTheTraceback() {
        String log = """
                2026-12-06 06:20:01,123 7 INFO rh odoo.modules.loading: loading 12 modules...
                2026-12-06 06:20:01,200 7 WARNING rh odoo.modules.loading: invalid module names, ignored: nosuch
                2026-12-06 06:20:02,001 7 ERROR rh odoo.modules.loading: Failed to load module sale_custom
                Traceback (most recent call last):
                  File "/usr/lib/python3/dist-packages/odoo/modules/migration.py", line 184, in migrate_module
                    migrate(self.cr, installed_version)
                psycopg2.errors.UndefinedColumn: column "x_old" does not exist
                2026-12-06 06:20:02,050 7 CRITICAL rh odoo.service.server: Failed to initialize database `rh`.
                not a log line: a continuation without traceback
                """;
        OdooLogFindings f = OdooLogFindings.of(log);
        assertThat(f.warnings()).containsExactly("odoo.modules.loading: invalid module names, ignored: nosuch");
        assertThat(f.errors()).containsExactly(
                "odoo.modules.loading: Failed to load module sale_custom — psycopg2.errors.UndefinedColumn: column \"x_old\" does not exist",
                "odoo.service.server: Failed to initialize database `rh`. — not a log line: a continuation without traceback");
        assertThat(OdooLogFindings.of(null).errors()).isEmpty();
    }

    @Test
    void schemaChangesNameTablesAndColumnsAddedDroppedAndRetyped() {
        SchemaShape before = new SchemaShape(Map.of(
                "res_partner", new TreeMap<>(Map.of("id", "integer", "name", "character varying", "x_old", "text")),
                "old_table", new TreeMap<>(Map.of("id", "integer"))));
        SchemaShape after = new SchemaShape(Map.of(
                "res_partner", new TreeMap<>(Map.of("id", "integer", "name", "jsonb", "x_loyalty", "character varying")),
                "new_table", new TreeMap<>()));
        assertThat(before.changesTo(after)).extracting(SchemaChange::describe).containsExactlyInAnyOrder(
                "table added: new_table", "table dropped: old_table", "column retyped: res_partner.name character varying → jsonb",
                "column added: res_partner.x_loyalty (character varying)", "column dropped: res_partner.x_old (was text)");
        assertThat(after.changesTo(after)).isEmpty();
    }
}
