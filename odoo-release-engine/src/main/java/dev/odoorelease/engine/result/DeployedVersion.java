package dev.odoorelease.engine.result;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The deployed state of one environment. */
public record DeployedVersion(String environment, String image, String commit, Map<String, String> modules, Instant deployedAt,
                       String snapshotId, String build) implements java.io.Serializable {
}
