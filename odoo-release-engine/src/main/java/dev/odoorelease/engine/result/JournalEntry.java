package dev.odoorelease.engine.result;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An open journal: an operation that has not finished. */
public record JournalEntry(String operationId, String environment, String operation, String step, Map<String, String> data) {
}
