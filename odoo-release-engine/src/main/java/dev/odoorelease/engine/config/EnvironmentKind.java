package dev.odoorelease.engine.config;

/** What an environment is for; production gets the strictest guard rails. */
public enum EnvironmentKind {
    DEVELOPMENT,
    STAGING,
    PRODUCTION;

    public static EnvironmentKind parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "development", "dev" -> DEVELOPMENT;
            case "staging", "stage", "test" -> STAGING;
            case "production", "prod" -> PRODUCTION;
            default -> throw new dev.odoorelease.engine.OdooReleaseException(dev.odoorelease.engine.ErrorCode.CONFIGURATION,
                    "Unable to read environment kind '" + s + "': use development, staging or production.");
        };
    }
}
