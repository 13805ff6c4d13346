package dev.odoorelease.testkit;

import java.nio.file.Path;
import java.util.function.Consumer;

/** What {@link OdooSeeder} was asked to seed (its builder's values), read by every area seeder. */
record SeedOptions(OdooSchema.Series series, long partners, long users, long messages, long attachments, long employees,
                   long leads, long mailQueue, long queueJobs, int attachmentSize, int sharedContents, Path dataDir,
                   String dbName, String smtpHost, int smtpPort, String smtpEncryption, boolean smtpLogin,
                   Consumer<String> progress) {

    /** {@code <dataDir>/filestore/<dbName>}, or null when attachments go to {@code db_datas}. */
    Path filestore() {
        return dataDir == null ? null : dataDir.resolve("filestore").resolve(dbName);
    }
}
