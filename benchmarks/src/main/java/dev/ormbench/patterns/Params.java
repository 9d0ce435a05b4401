package dev.ormbench.patterns;

import dev.ormbench.db.SetupException;

/** Parameters checked once, in a setup, with the suite's one-line error for a bad value. */
final class Params {

    private Params() {
    }

    /** {@code value} if it is one of {@code allowed}; otherwise a {@link SetupException} naming them. */
    static String oneOf(String name, String value, String... allowed) {
        for (String a : allowed) if (a.equals(value)) return value;
        throw new SetupException("bad " + name + " '" + value + "': use " + String.join(" or ", allowed));
    }

    /** {@code value} if it lies in {@code min..max}; otherwise a {@link SetupException}. */
    static int between(String name, int value, long min, long max, String why) {
        if (value < min || value > max) {
            throw new SetupException("bad " + name + " '" + value + "': use " + min + " to " + max + " " + why);
        }
        return value;
    }
}
