package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading what the docker program printed: JSON documents, an exit code, the last lines of a log. */
final class DockerOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerOutput() {
    }

    /** One JSON object per line (our {@code --format}), or Docker's own JSON array. */
    static List<JsonNode> parse(String output, String verb, String object) {
        List<JsonNode> found = new ArrayList<>();
        String text = output.strip();
        List<String> documents = text.startsWith("[") ? List.of(text) : List.of(text.split("\n"));
        for (String line : documents) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isArray()) {
                    n.forEach(found::add);
                } else if (n != null && n.isObject()) {
                    found.add(n);
                } else {
                    throw new IOException("not an object");
                }
            } catch (IOException e) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to " + verb + " " + object
                        + ": docker printed no JSON. Check the docker program's version (docker version).", e);
            }
        }
        return found;
    }

    /** The exit code {@code docker wait} printed (its last line). */
    static int parseExitCode(String stdout, String name) {
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("").strip();
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to wait for container " + name
                    + ": docker wait printed no exit code (" + last + "). Check the docker program's version.");
        }
    }

    /** The last {@code n} lines of a text. */
    static String lastLines(String text, int n) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        int end = lines.length;
        if (end > 0 && lines[end - 1].isEmpty()) {
            end--;
        }
        int from = Math.max(0, end - n);
        return String.join("\n", Arrays.copyOfRange(lines, from, end));
    }
}
