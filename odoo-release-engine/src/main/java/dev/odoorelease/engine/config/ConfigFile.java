package dev.odoorelease.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@link ReleaseConfig} from YAML ({@code odoo-release.yml}, documented in {@code docs/configuration.md}).
 * Strict: an unknown key is an error naming where it is (a misspelt {@code pasword} must not be silently
 * ignored). Relative paths are resolved against the file's folder. Secrets are never literal values in the
 * file: {@code passwordEnv: NAME} reads an environment variable, {@code passwordFile: path} a file (trailing
 * newline stripped).
 *
 * <p>This class parses the YAML and reads the top level; {@link EnvironmentSection} validates each environment
 * and builds its model, with {@link ConfigReader}'s strict readers of single values, lists, numbers and durations.
 */
public final class ConfigFile {
    private static final Set<String> ROOT_KEYS = Set.of("project", "addonsPaths", "environments", "preview");

    private final ConfigReader in;
    private final EnvironmentSection environments;
    private final PreviewSection preview;

    private ConfigFile(Path file, Function<String, String> environmentVariables) {
        this.in = new ConfigReader(file);
        this.environments = new EnvironmentSection(in, environmentVariables);
        this.preview = new PreviewSection(in);
    }

    /** Reads the file, taking secrets from this process's environment variables. */
    public static ReleaseConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** Reads the file, taking {@code passwordEnv} secrets from {@code environmentVariables}. */
    public static ReleaseConfig load(Path file, Function<String, String> environmentVariables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file
                    + ": the file does not exist. Create it (see docs/configuration.md) or point to it with --config.");
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file + ": " + e.getMessage()
                    + ". Check the file's permissions.", e);
        }
        return new ConfigFile(file, environmentVariables).parse(text);
    }

    private ReleaseConfig parse(String text) {
        JsonNode root;
        try {
            // a key given twice is a mistake (which one wins?), not something to settle silently
            root = new ObjectMapper(YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build()).readTree(text);
        } catch (JsonProcessingException e) {
            throw in.error("the file is not valid YAML (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", "Fix the YAML syntax");
        }
        if (root == null || !root.isObject()) {
            throw in.error("it holds no settings", "Start it with 'project:' and 'environments:' (see docs/configuration.md)");
        }
        in.keys(root, ROOT_KEYS, "");
        JsonNode envs = root.path("environments");
        if (!envs.isArray() || envs.isEmpty()) {
            throw in.error("'environments' is missing or empty", "List at least one environment under 'environments:'");
        }
        List<EnvironmentConfig> list = new ArrayList<>();
        for (int i = 0; i < envs.size(); i++) {
            String at = "environments[" + i + "]";
            try {
                list.add(environments.read(envs.get(i), at));
            } catch (IllegalArgumentException | ArithmeticException e) {
                // a value the model refuses (a port out of range, a zero timeout): a configuration mistake, not a bug
                String name = envs.get(i).path("name").isTextual() ? "environment " + envs.get(i).path("name").asText() : at;
                throw in.error(name + " has a value that cannot be used (" + e.getMessage() + ")", "Fix that value (see docs/configuration.md)");
            }
        }
        PreviewTemplate template = root.has("preview") ? preview.read(root.get("preview")) : null;
        try {
            return new ReleaseConfig(in.text(root, "project", "", null), in.strings(root.path("addonsPaths"), "addonsPaths"), list, template);
        } catch (OdooReleaseException e) {
            if (template == null || !e.getMessage().startsWith("Unable to configure the previews")) {
                throw e;
            }
            throw in.error(e.getMessage().replaceFirst("^Unable to configure the previews of project [^:]*: ", "preview: ")
                    .replaceAll("\\.$", ""), "Fix the preview section");
        }
    }
}
