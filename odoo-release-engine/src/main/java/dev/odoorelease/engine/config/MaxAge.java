package dev.odoorelease.engine.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A staging environment's {@code maxAge}: how old its last refresh may be before {@code status}, {@code health} and the
 * drift report warn. Written in hours, days or weeks: {@code 36h}, {@code 30d}, {@code 2w}; at least one hour, at most
 * 3650 days.
 */
public final class MaxAge {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,7})\\s*(h|d|w)");
    /** The longest maxAge: ten years (a longer one means "never", which is leaving maxAge out). */
    public static final Duration MAX = Duration.ofDays(3650);

    private MaxAge() {
    }

    /** The duration, or empty when {@code text} is not one (the caller says where and what to write). */
    public static Optional<Duration> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
        return Optional.of(d);
    }

    /** {@code 30d}, {@code 36h}: the shortest exact spelling. */
    public static String format(Duration d) {
        if (d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        return d.toHours() + "h";
    }
}
