package dev.ormbench.launcher;

import java.lang.reflect.InvocationTargetException;

/**
 * The main class of {@code benchmarks.jar}, compiled for Java 11 so that an older JVM can load it: on Java 21 or
 * newer it hands over to {@link Main}; on an older one it says so in one line (exit 2) instead of an
 * {@code UnsupportedClassVersionError}. {@link Main} is reached by name only: this class must not link to the
 * classes compiled for Java 21.
 */
public final class Launcher {

    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int running = Runtime.version().feature();
        if (running < REQUIRED) {
            System.err.println("ormbench: benchmarks.jar needs Java " + REQUIRED + " or newer; this is Java " + running
                    + " (" + System.getProperty("java.home") + "): run it with a JDK " + REQUIRED + "+ (JAVA_HOME), or use scripts/bench.sh, which finds one");
            System.exit(2);
        }
        try {
            Class.forName("dev.ormbench.launcher.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
