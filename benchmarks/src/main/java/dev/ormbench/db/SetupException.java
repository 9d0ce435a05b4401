package dev.ormbench.db;

/**
 * A setup problem the user can fix (no server, bad URL, bad dataset name): one line, no stack trace.
 * The stack trace is suppressed on purpose, so that JMH, which prints a failing setup's exception,
 * shows this message alone.
 */
public final class SetupException extends RuntimeException {

    public SetupException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return "ormbench: " + getMessage();
    }
}
