package dev.odoorelease.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Attachments and the filestore: binary attachments on partners (some as {@code image_1920}
 * avatars), messages, leads and employees ("employee documents"), their files written
 * content-addressed under {@code <dataDir>/filestore/<db>} (or their bytes in {@code db_datas}
 * without a filestore), the rows loaded with {@code COPY}, message attachments relinked to their
 * message's record.
 */
final class AttachmentSeeder extends AreaSeeder {
    private final AttachmentContents contents;
    private final Path dataDir;
    private final String dbName;
    private long aBase;

    AttachmentSeeder(SeedRun run) {
        super(run);
        this.contents = new AttachmentContents(run.options);
        this.dataDir = run.options.dataDir();
        this.dbName = run.options.dbName();
    }

    @Override
    void seed() throws SQLException {
        if (attachments == 0) {
            return;
        }
        if (attachments > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many attachments");
        }
        aBase = nextId("ir_attachment");
        int n = (int) attachments;
        Path fs = dataDir == null ? null : dataDir.resolve("filestore").resolve(dbName);
        progress.accept("ir_attachment: " + n + " attachments from id " + aBase + (fs == null ? " (db_datas)" : " -> " + fs));
        String[] sha = new String[n];
        int[] size = new int[n];
        boolean[] created = new boolean[n];
        AtomicLong done = new AtomicLong();
        long step = Math.max(1, n / 10);
        IntStream.range(0, n).parallel().forEach(i -> {
            byte[] content = contents.content(i);
            sha[i] = AttachmentContents.sha1(content);
            size[i] = content.length;
            if (fs != null) {
                created[i] = AttachmentContents.writeFile(fs, sha[i], content);
            }
            long d = done.incrementAndGet();
            if (n >= 20_000 && d % step == 0) {
                progress.accept("filestore: " + d + "/" + n + " contents");
            }
        });
        // rows via COPY, then relink message attachments to their message's record
        long msgCount = messages;
        String copySql = "COPY ir_attachment (id, name, description, res_model, res_field, res_id, company_id, type, public, "
                + "store_fname, file_size, checksum, mimetype, index_content, db_datas, create_uid, create_date, write_uid, write_date) "
                + "FROM STDIN";
        try {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
            try {
                StringBuilder b = new StringBuilder(1 << 16);
                for (int i = 0; i < n; i++) {
                    appendAttachmentRow(b, i, sha[i], size[i], fs == null, msgCount);
                    if (b.length() > (1 << 20) || i == n - 1) {
                        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        b.setLength(0);
                    }
                }
                long copied = copy.endCopy();
                run.rows.merge("ir_attachment", copied, Long::sum);
                sync("ir_attachment");
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new SQLException("COPY into ir_attachment failed: " + e.getMessage(), e.getSQLState(), e);
        }
        long aEnd = aBase + n - 1;
        if (msgCount > 0) {
            exec("message_attachment_rel", """
                    INSERT INTO message_attachment_rel (message_id, attachment_id)
                    SELECT res_id, id FROM ir_attachment WHERE id BETWEEN ? AND ? AND res_model = 'mail.message'
                    """, aBase, aEnd);
            exec(null, """
                    UPDATE ir_attachment a SET res_model = m.model, res_id = m.res_id
                      FROM mail_message m WHERE a.id BETWEEN ? AND ? AND a.res_model = 'mail.message' AND m.id = a.res_id
                    """, aBase, aEnd);
        }
        c.commit();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            run.attachmentBytes += size[i];
            if (distinct.add(sha[i])) {
                run.distinctBytes += size[i];
            }
        }
        run.attachmentRows = n;
        run.distinctFiles = distinct.size();
        long newFiles = 0;
        for (boolean b : created) {
            if (b) {
                newFiles++;
            }
        }
        progress.accept("filestore: " + run.distinctFiles + " distinct files (" + newFiles + " written now), "
                + run.distinctBytes + " bytes for " + run.attachmentBytes + " attachment bytes");
    }

    void appendAttachmentRow(StringBuilder b, int i, String sha, int size, boolean inDb, long msgCount) {
        int kind = contents.kind(i);
        long id = aBase + i;
        String name;
        String resModel;
        String resField = null;
        long resId;
        String mimetype;
        String description = null;
        String index = null;
        switch (kind) {
            case 1 -> {
                resModel = "res.partner";
                resField = "image_1920";
                resId = partners > 0 ? ids.firstPartner + ((long) i * 7919) % partners : 3;
                name = "image_1920";
                mimetype = "image/png";
            }
            case 2 -> {
                resModel = "mail.message"; // relinked to the message's record after COPY
                resId = ids.firstMessage + ((long) i * 31) % msgCount;
                name = "Signed quotation S" + String.format("%05d", i % 100000) + ".pdf";
                mimetype = "application/pdf";
            }
            case 3 -> {
                resModel = "crm.lead";
                resId = ids.firstLead + ((long) i * 13) % leads;
                name = "Requirements " + (i % 1000) + ".pdf";
                mimetype = "application/pdf";
            }
            case 4 -> {
                resModel = "hr.employee";
                resId = ids.firstEmployee + ((long) i * 17) % employees;
                String[] docs = {"Passport scan.pdf", "Employment contract.pdf", "ID card.pdf", "Payslip 2026-10.pdf",
                    "Medical certificate.pdf", "CV.pdf"};
                name = docs[(i / 10) % docs.length];
                mimetype = "application/pdf";
                description = "Private HR document";
                index = "Employee file. National number, passport number P" + String.format("%07d", (i * 7919L) % 10_000_000)
                        + ", home address and bank account IBAN BE68 5390 0754 7034.";
            }
            default -> {
                resModel = "res.partner";
                resId = partners > 0 ? ids.firstPartner + ((long) i * 104729) % partners : 3;
                name = contents.shared(i) ? "General terms and conditions.pdf" : "Invoice INV-2026-" + String.format("%05d", i % 100000) + ".pdf";
                mimetype = "application/pdf";
                index = contents.shared(i) ? "General terms and conditions of sale" : "Invoice for customer " + resId + ", amount due "
                        + (100 + (i * 37L) % 9900) + ".00 EUR";
            }
        }
        String created = "2025-" + String.format("%02d", 1 + i % 12) + "-" + String.format("%02d", 1 + i % 28) + " 10:00:00";
        String storeFname = inDb ? null : sha.substring(0, 2) + "/" + sha;
        String dbDatas = null;
        if (inDb) {
            dbDatas = "\\\\x" + HexFormat.of().formatHex(contents.content(i));
        }
        col(b, Long.toString(id)).append('\t');
        col(b, name).append('\t');
        col(b, description).append('\t');
        col(b, resModel).append('\t');
        col(b, resField).append('\t');
        col(b, Long.toString(resId)).append('\t');
        col(b, "1").append('\t');
        col(b, "binary").append('\t');
        col(b, "f").append('\t');
        col(b, storeFname).append('\t');
        col(b, Integer.toString(size)).append('\t');
        col(b, sha).append('\t');
        col(b, mimetype).append('\t');
        col(b, index).append('\t');
        if (dbDatas == null) {
            b.append("\\N");
        } else {
            b.append(dbDatas);
        }
        b.append('\t');
        col(b, "2").append('\t');
        col(b, created).append('\t');
        col(b, "2").append('\t');
        col(b, created).append('\n');
    }

    StringBuilder col(StringBuilder b, String value) {
        if (value == null) {
            return b.append("\\N");
        }
        for (int k = 0; k < value.length(); k++) {
            char ch = value.charAt(k);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }
}
