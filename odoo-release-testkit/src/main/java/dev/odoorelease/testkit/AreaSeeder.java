package dev.odoorelease.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * One Odoo area's part of {@link OdooSeeder}: what every area seeder knows of the run (the counts
 * asked for, the series, the first ids earlier areas seeded) and the run's statement helpers, so
 * that an area's {@link #seed()} reads as its SQL.
 */
abstract class AreaSeeder {
    final SeedRun run;
    final Connection c;
    final int major;
    final String nameCol;
    final SeedRun.FirstIds ids;
    final Consumer<String> progress;
    final long partners;
    final long users;
    final long employees;
    final long leads;
    final long messages;
    final long mailQueue;
    final long attachments;
    final long queueJobs;

    AreaSeeder(SeedRun run) {
        this.run = run;
        this.c = run.c;
        this.major = run.major;
        this.nameCol = run.nameCol;
        this.ids = run.ids;
        this.progress = run.progress;
        SeedOptions o = run.options;
        this.partners = o.partners();
        this.users = o.users();
        this.employees = o.employees();
        this.leads = o.leads();
        this.messages = o.messages();
        this.mailQueue = o.mailQueue();
        this.attachments = o.attachments();
        this.queueJobs = o.queueJobs();
    }

    /** Writes this area's rows (and commits, unless it is part of a larger area). */
    abstract void seed() throws SQLException;

    long exec(String table, String sql, Object... params) throws SQLException {
        return run.exec(table, sql, params);
    }

    void sync(String... tables) throws SQLException {
        run.sync(tables);
    }

    long nextId(String table) throws SQLException {
        return run.nextId(table);
    }

    void bulk(String table, long expectedRows, SeedRun.Body body) throws SQLException {
        run.bulk(table, expectedRows, body);
    }

    void chunked(String what, long total, SeedRun.ChunkBody body) throws SQLException {
        run.chunked(what, total, body);
    }

    void chunkedIds(String what, long from, long to, SeedRun.ChunkBody body) throws SQLException {
        run.chunkedIds(what, from, to, body);
    }

    /** The value for this run's series: 16, 17 or 18. */
    String v(String s16, String s17, String s18) {
        return run.v(s16, s17, s18);
    }
}
