package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Instant;

/**
 * One preview environment, as its registry knows it.
 *
 * @param name      the preview's name: its environment, database and container name
 * @param source    the environment its data was copied from
 * @param branch    the branch (or change request's branch name, {@code PR-12}) it previews
 * @param changeId  the change request's id ({@code CHANGE_ID}), or null for a branch
 * @param database  its database (on the source's server)
 * @param dataDir   its data directory (its filestore is {@code <dataDir>/filestore/<database>})
 * @param container its Odoo container
 * @param url       where it answers
 * @param port      its port from the template's range, or 0
 * @param status    {@code creating}, {@code alive} or {@code removing} (the last two of an interrupted operation)
 * @param image     the image it runs
 * @param commit    the commit it runs, or null
 * @param snapshotId the scrubbed snapshot it was copied from, or null
 * @param createdAt when it was created
 * @param updatedAt when it was last created or updated (what "idle" is counted from)
 * @param expiresAt when its TTL ends: the next preview operation after that removes it
 */
public record PreviewInfo(String name, String source, String branch, String changeId, String database, String dataDir, String container,
                          String url, int port, String status, String image, String commit, String snapshotId, Instant createdAt,
                          Instant updatedAt, Instant expiresAt) implements Serializable {
}
