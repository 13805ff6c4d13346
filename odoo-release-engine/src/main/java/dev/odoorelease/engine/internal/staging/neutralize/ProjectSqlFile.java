package dev.odoorelease.engine.internal.staging.neutralize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of the project's own neutralization SQL files, read and split into statements before anything changes. */
record ProjectSqlFile(Path path, String name, SqlScript script) {

    /** Reads every file, in order; an unreadable one stops the neutralization before it starts. */
    static List<ProjectSqlFile> readAll(List<Path> paths) {
        List<ProjectSqlFile> out = new ArrayList<>();
        for (Path p : paths) {
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                out.add(new ProjectSqlFile(p, p.getFileName().toString(), SqlScript.parse(text)));
            } catch (IOException e) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to neutralize the database: project SQL file "
                        + p + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "). Check the path given to customSql; nothing was changed.", e);
            }
        }
        return out;
    }
}
