package dev.ormbench.launcher;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The launcher's {@code System.out} or {@code System.err} while JMH runs; the forks' output reaches the terminal
 * through them too. A line that a library logs (a HikariCP or Hibernate warning, a stack trace) is shown only
 * once {@code serverGone} has said that the server is still there: when the server went away, the suite's one
 * line says what happened, and the pool's and Hibernate's complaints about it would only come before it. After
 * {@link #close()} nothing more is shown, so that the suite's line is the run's last word.
 */
final class LogGate extends OutputStream {

    /** slf4j-simple's "LEVEL Logger - message", and the lines of a stack trace. */
    private static final Pattern LIBRARY_LOG = Pattern.compile(
            "^(?:(?:WARN|ERROR) [\\w.$]+ - |\\s+at |\\s+\\.\\.\\. \\d+ (?:more|common frames omitted)|Caused by: |Suppressed: |[\\w.$]+(?:Exception|Error)(?:: |$))");

    private final PrintStream target;
    private final BooleanSupplier serverGone;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile boolean closed;
    private long checkedAt;
    private boolean gone;

    LogGate(PrintStream target, BooleanSupplier serverGone) {
        this.target = target;
        this.serverGone = serverGone;
    }

    static boolean isLibraryLog(String line) {
        return LIBRARY_LOG.matcher(line).find();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (closed) return; // without waiting for a writer that asks about the server
        synchronized (this) {
            for (int i = off; i < off + len && !closed; i++) {
                line.write(b[i]);
                if (b[i] == '\n') endLine();
            }
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    /** Nothing more is shown. */
    @Override
    public void close() {
        closed = true;
    }

    private void endLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (isLibraryLog(new String(bytes, StandardCharsets.UTF_8)) && serverGone()) return;
        if (!closed) target.write(bytes, 0, bytes.length);
    }

    /** Asked at most every quarter of a second: a stack trace is many lines. */
    private boolean serverGone() {
        long now = System.nanoTime();
        if (gone || now - checkedAt < 250_000_000L && checkedAt != 0) return gone;
        gone = serverGone.getAsBoolean();
        checkedAt = System.nanoTime();
        return gone;
    }
}
