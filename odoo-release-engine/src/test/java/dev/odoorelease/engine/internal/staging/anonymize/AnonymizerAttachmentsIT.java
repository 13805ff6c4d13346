package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.AnonymizationReport;

/** Attachment rules on a filestore copy made of hard links to production's files. */
class AnonymizerAttachmentsIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-attachments");

    @TempDir
    Path data;

    @Test
    void dropAndBlankTouchOnlyTheCopysNamesNeverProductionsFiles() throws Exception {
        Seeded.create(PG.server(), "att_prod", "17.0", data.resolve("prod"));
        Seeded.copy(PG.server(), "att_prod", "att_copy");
        Path prodFs = data.resolve("prod/filestore/att_prod");
        Path copyFs = data.resolve("copy/filestore/att_copy");
        // the copy's filestore: hard links to production's files (what a snapshot or clone on one filesystem makes)
        Map<String, String> prodContent = new HashMap<>();
        try (Stream<Path> files = Files.walk(prodFs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = copyFs.resolve(prodFs.relativize(f));
                Files.createDirectories(target.getParent());
                Files.createLink(target, f);
                prodContent.put(prodFs.relativize(f).toString(), sha1(f));
            }
        }
        try (Connection c = PG.server().connect("att_copy")) {
            // content addressing: a lead attachment with the same content as a partner document shares its file
            SqlQueries.exec(c, "INSERT INTO ir_attachment (name, res_model, res_id, type, store_fname, file_size, checksum, mimetype) "
                    + "SELECT 'Same terms.pdf', 'crm.lead', (SELECT min(id) FROM crm_lead), type, store_fname, file_size, checksum, mimetype "
                    + "FROM ir_attachment WHERE res_model = 'res.partner' AND store_fname IS NOT NULL ORDER BY id LIMIT 3");
            long employeeRows = SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'hr.employee'");
            long partnerRows = SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND type = 'binary'");
            List<String> leadFiles = SqlQueries.strings(c, "SELECT DISTINCT store_fname FROM ir_attachment WHERE res_model = 'crm.lead'");
            String leadDigest = SqlQueries.string(c, "SELECT md5(string_agg(a::text, '|' ORDER BY id)) FROM ir_attachment a WHERE res_model = 'crm.lead'");
            Set<String> employeeFiles = new TreeSet<>(SqlQueries.strings(c, "SELECT DISTINCT store_fname FROM ir_attachment WHERE res_model = 'hr.employee'"));
            Set<String> partnerFiles = new TreeSet<>(SqlQueries.strings(c, "SELECT DISTINCT store_fname FROM ir_attachment WHERE res_model = 'res.partner'"));
            // an employee's main attachment (an unindexed foreign key, as in Odoo): set to NULL with the dropped row
            SqlQueries.exec(c, "UPDATE hr_employee SET message_main_attachment_id = (SELECT min(id) FROM ir_attachment WHERE res_model = 'hr.employee') "
                    + "WHERE id = (SELECT min(id) FROM hr_employee)");
            assertThat(employeeRows).as("employee documents seeded").isPositive();
            assertThat(partnerRows).as("partner documents seeded").isPositive();
            assertThat(leadFiles).as("lead documents seeded").isNotEmpty();
            Set<String> shared = new TreeSet<>(partnerFiles);
            shared.retainAll(leadFiles);
            assertThat(shared).as("some contents are shared between a blanked and a kept model").isNotEmpty();

            // the project keeps lead attachments; the built-in rules drop HR documents and blank partner documents
            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c))
                    .rules(AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromYaml("attachments:\n  crm.lead: keep\n", "project.yml")))
                    .filestore(copyFs).run();

            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'hr.employee'")).as("dropped").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM hr_employee WHERE message_main_attachment_id IS NOT NULL"))
                    .as("references to dropped attachments cleared by their foreign keys").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'odoo_release_tmp%'"))
                    .as("the temporary indexes that made the foreign keys cheap are gone").isZero();
            assertThat(r.attachments()).anySatisfy(a -> {
                assertThat(a.model()).isEqualTo("hr.employee");
                assertThat(a.action()).isEqualTo("drop");
                assertThat(a.rows()).isEqualTo(employeeRows);
            });
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND type = 'binary' "
                    + "AND store_fname = 'da/da39a3ee5e6b4b0d3255bfef95601890afd80709' AND checksum = 'da39a3ee5e6b4b0d3255bfef95601890afd80709' "
                    + "AND file_size = 0 AND index_content IS NULL")).as("blanked rows point at the empty file").isEqualTo(partnerRows);
            Path blank = copyFs.resolve("da/da39a3ee5e6b4b0d3255bfef95601890afd80709");
            assertThat(blank).as("the empty file exists, created new").isRegularFile().isEmptyFile();
            assertThat(Files.exists(prodFs.resolve("da/da39a3ee5e6b4b0d3255bfef95601890afd80709"))).as("not in production").isFalse();
            assertThat(SqlQueries.string(c, "SELECT md5(string_agg(a::text, '|' ORDER BY id)) FROM ir_attachment a WHERE res_model = 'crm.lead'"))
                    .as("kept: lead attachments untouched").isEqualTo(leadDigest);

            for (String f : employeeFiles) {
                if (!leadFiles.contains(f)) {
                    assertThat(copyFs.resolve(f)).as("an HR document's name is gone from the copy").doesNotExist();
                }
            }
            for (String f : partnerFiles) {
                if (leadFiles.contains(f)) {
                    assertThat(copyFs.resolve(f)).as("a file a kept lead attachment still uses stays").exists();
                } else {
                    assertThat(copyFs.resolve(f)).as("a blanked partner document's name is gone from the copy").doesNotExist();
                }
            }
            for (String f : leadFiles) {
                assertThat(copyFs.resolve(f)).as("kept files stay").exists();
            }
        }
        // production: every file still there, same content (its name is its SHA-1), never written
        for (Map.Entry<String, String> e : prodContent.entrySet()) {
            Path f = prodFs.resolve(e.getKey());
            assertThat(f).as("production file %s", e.getKey()).exists();
            assertThat(sha1(f)).as("production file %s unchanged", e.getKey()).isEqualTo(e.getValue());
            assertThat(e.getValue()).as("content addressing holds").isEqualTo(f.getFileName().toString());
        }
        try (Connection p = PG.server().connect("att_prod")) {
            assertThat(SqlQueries.count(p, "SELECT count(*) FROM ir_attachment WHERE res_model = 'hr.employee'")).as("production rows untouched").isPositive();
        }
    }

    @Test
    void attachmentsStoredInTheDatabaseAreDroppedAndBlankedToo() throws Exception {
        Seeded.create(PG.server(), "att_db", "18.0", null); // no filestore: ir_attachment.location=db style
        try (Connection c = PG.server().connect("att_db")) {
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND db_datas IS NOT NULL")).isPositive();
            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn("18.0")).run();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'hr.employee'")).isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND length(db_datas) > 0"))
                    .as("db-stored contents emptied").isZero();
            assertThat(r.warnings()).as("no filestore and no file: nothing to warn about").noneMatch(w -> w.contains("filestore"));
        }
    }

    static String sha1(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
    }
}
