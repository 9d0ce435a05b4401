package dev.ormbench.measure;

/**
 * What crosses the wire between pgjdbc and PostgreSQL, per thread: the bytes written and read, and the time
 * spent in the socket. {@link Latency}'s sockets count it, for every connection the benchmarks open; the
 * {@link Counters} publish it per operation as {@code bytesSent}, {@code bytesReceived} and {@code waitMicros}.
 * <p>
 * {@code waitMicros} is the time the thread spent inside the socket's {@code read}, {@code write} and
 * {@code connect}: almost all of it blocked waiting for the server's answers (the server's execution, the
 * network and any added RTT), the rest handing bytes to and from the kernel, which is network work too. The
 * operation's time minus {@code waitMicros} is the time in the JVM: the ORM, the driver, the benchmark itself.
 * <p>
 * Why every read is timed: pgjdbc reads the socket through its own 8 KB buffer, so each read that reaches this
 * socket is a system call that either blocks for the answer or copies what already arrived; telling the two
 * apart beforehand would take another system call ({@code available()}), dearer than the two clock reads
 * (a few tens of ns each) that time it. Nothing is allocated per read, and the thread's tally is found with one
 * comparison while a connection stays on the same thread.
 * <p>
 * Per thread, like {@link StatementCounter}: JDBC reads and writes on the calling thread, so each benchmark
 * thread sees its own traffic, and what a pool's housekeeping thread does (opening connections in the
 * background, closing idle ones) lands in a tally nobody reads. One exception: with a login timeout pgjdbc
 * opens a connection on a thread of its own while the caller waits, and that traffic is the caller's. Traffic
 * before an iteration starts (setup, seeding, pool warm-up) is outside the iteration's deltas; a connection an
 * operation opens itself is part of it.
 * <p>
 * {@code -Dormbench.wire=false} leaves the socket factory out at {@code rtt=0}, as it was before these metrics,
 * to measure what counting costs; the three metrics are then 0. (At an RTT above zero the factory is needed for
 * the delay, and counts all the same.)
 */
public final class Wire {

    /** Whether the sockets are wrapped at {@code rtt=0}; off only to measure the cost of counting. */
    public static final boolean ON = !"false".equalsIgnoreCase(System.getProperty("ormbench.wire", "true").trim());

    /**
     * The thread pgjdbc connects on when a login timeout is set (as the suite's data sources do): the thread that
     * asked for the connection waits for it, so its traffic is that thread's.
     */
    static final String PGJDBC_CONNECT_THREAD = "PostgreSQL JDBC driver connection thread";

    /**
     * Inheritable for pgjdbc's connection thread only (every other thread replaces what it inherited), and only from
     * the thread that owns the tally: a pool's housekeeping thread, which inherited its creator's tally, passes
     * nothing on to the connection threads it starts.
     */
    private static final InheritableThreadLocal<Tally> TALLY = new InheritableThreadLocal<>() {
        @Override
        protected Tally initialValue() {
            return new Tally(Thread.currentThread());
        }

        @Override
        protected Tally childValue(Tally parent) {
            return parent != null && parent.thread == Thread.currentThread() ? parent : null;
        }
    };

    private Wire() {
    }

    /**
     * The running totals of one thread. Only that thread writes them, or pgjdbc's connection thread while the
     * owner waits for the connection.
     */
    public static final class Tally {
        final Thread thread;
        public long bytesSent;
        public long bytesReceived;
        public long waitNanos;

        private Tally(Thread thread) {
            this.thread = thread;
        }
    }

    /**
     * The calling thread's totals, for as long as the thread lives; on pgjdbc's connection thread, those of the
     * thread that started it.
     */
    public static Tally tally() {
        Tally t = TALLY.get();
        Thread current = Thread.currentThread();
        if (t == null || t.thread != current && !PGJDBC_CONNECT_THREAD.equals(current.getName())) {
            t = new Tally(current);
            TALLY.set(t);
        }
        return t;
    }

    /**
     * One thread's traffic over a measurement iteration: from {@link #start()} to the last {@link #mark()}, made at
     * the end of every operation. Up to the last operation, not up to when the counters are read: JMH runs the
     * iteration's tear-down methods (such as an audit or emptying a table, over a connection of their own and on a
     * benchmark thread) before it reads the counters, and their traffic is no operation's.
     */
    public static final class Window {
        private Tally tally = tally();
        private long sentAtStart;
        private long receivedAtStart;
        private long waitAtStart;
        private long sent;
        private long received;
        private long waitNanos;

        /** At the start of an iteration, on the benchmark thread. */
        public void start() {
            tally = tally();
            sentAtStart = tally.bytesSent;
            receivedAtStart = tally.bytesReceived;
            waitAtStart = tally.waitNanos;
            sent = 0;
            received = 0;
            waitNanos = 0;
        }

        /** At the end of every operation, on the same thread. */
        public void mark() {
            sent = tally.bytesSent - sentAtStart;
            received = tally.bytesReceived - receivedAtStart;
            waitNanos = tally.waitNanos - waitAtStart;
        }

        public long bytesSent() {
            return sent;
        }

        public long bytesReceived() {
            return received;
        }

        public long waitNanos() {
            return waitNanos;
        }
    }
}
