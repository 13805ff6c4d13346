package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.regex.Pattern;

/**
 * A branch pattern of an environment: a branch name, or a glob where {@code *} matches within one path
 * segment and {@code **} across segments ({@code main}, {@code release/*}, {@code hotfix/**}) — the way
 * Jenkins multibranch users write branch filters.
 */
final class BranchPattern {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/*+-]+");

    private BranchPattern() {
    }

    static Pattern compile(String glob, String environment) {
        if (glob == null || !ALLOWED.matcher(glob).matches() || glob.contains("***") || glob.startsWith("/") || glob.endsWith("/")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the branch pattern '" + glob
                    + "' of environment " + environment + ": use a branch name or a glob of letters, digits, '.', '_', '-',"
                    + " '/', '*' (one path segment) and '**' (any depth), e.g. main or release/*.");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
