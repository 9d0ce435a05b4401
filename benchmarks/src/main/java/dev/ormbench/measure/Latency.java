package dev.ormbench.measure;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import javax.net.SocketFactory;
import javax.sql.DataSource;

/**
 * A network round-trip time between the JDBC driver and PostgreSQL. Over loopback a round trip costs tens of
 * microseconds; within a data centre 0.2–2 ms, which is what makes N+1 and friends expensive in production.
 * <p>
 * pgjdbc opens its sockets through this factory ({@code socketFactory} connection property). Each time the
 * driver turns from writing a request to reading the answer, the first bytes of the answer are held back for
 * the RTT after they arrive: exactly one RTT per round trip, on top of the server's own time, per connection and
 * without any shared thread, so it stays exact under concurrency. It models latency only: not bandwidth,
 * jitter, packet loss or TLS.
 * <p>
 * The same sockets count the bytes and the time in the socket for {@link Wire}, so the factory is installed at
 * {@code rtt=0} too, where it only counts.
 * <p>
 * Why not an in-process TCP proxy such as NetCrusher: its scheduler runs on a millisecond tick (20 ms by
 * default), measured here as 41 ms per round trip for a 1 ms RTT with the default tick and 2.4 ms with a 1 ms
 * tick, and the delay shrinks when other connections keep its selector busy.
 */
public final class Latency extends SocketFactory {

    private final long rttNanos;

    /** Called by pgjdbc with the {@code socketFactoryArg} property: the RTT in nanoseconds. */
    public Latency(String rttNanos) {
        this.rttNanos = Long.parseLong(rttNanos);
    }

    /**
     * {@code url} with this factory installed as its socket factory, adding {@code rtt} to every round trip (none
     * for zero); its traffic is counted by {@link Wire} either way.
     */
    public static String url(String url, Duration rtt) {
        String separator = url.contains("?") ? "&" : "?";
        return url + separator + "socketFactory=" + Latency.class.getName() + "&socketFactoryArg=" + rtt.toNanos();
    }

    /**
     * What the shim really adds per round trip, in µs: the median of {@code samples} {@code SELECT 1} round trips
     * through {@code shimmed} minus the median of as many straight to {@code direct}, taken in turns on two fresh
     * connections after 20 of each to warm up. It is the RTT plus the sleep and wake-up of the waiting thread; the
     * round-trip model of the report adds this per statement, so its prediction carries the shim's own cost too.
     */
    public static double addedMicrosPerRoundTrip(DataSource direct, DataSource shimmed, int samples) throws SQLException {
        long[] straight = new long[samples], delayed = new long[samples];
        try (Connection d = direct.getConnection();
             Connection w = shimmed.getConnection();
             Statement ds = d.createStatement();
             Statement ws = w.createStatement()) {
            for (int i = -20; i < samples; i++) {
                long a = selectOne(ds), b = selectOne(ws);
                if (i >= 0) {
                    straight[i] = a;
                    delayed[i] = b;
                }
            }
        }
        Arrays.sort(straight);
        Arrays.sort(delayed);
        return (delayed[samples / 2] - straight[samples / 2]) / 1000.0;
    }

    private static long selectOne(Statement s) throws SQLException {
        long t = System.nanoTime();
        try (ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
        }
        return System.nanoTime() - t;
    }

    /** {@code rtt} for people: "1 ms", "300 µs". */
    public static String format(Duration rtt) {
        long micros = rtt.toNanos() / 1000;
        return micros % 1000 == 0 ? (micros / 1000) + " ms" : micros + " µs";
    }

    @Override
    public Socket createSocket() {
        return new WireSocket(rttNanos);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }

    /**
     * A socket that counts its traffic for the thread using it ({@link Wire}) and, with an RTT, returns the first
     * bytes of every answer (the first read after a write) one RTT after they arrived.
     */
    private static final class WireSocket extends Socket {
        private final long rttNanos;
        private volatile boolean answerPending;
        /** The tally of the thread that last used this socket: a connection mostly stays on one thread. */
        private Wire.Tally tally = Wire.tally();
        private InputStream in;
        private OutputStream out;

        WireSocket(long rttNanos) {
            this.rttNanos = rttNanos;
        }

        private Wire.Tally tally() {
            Wire.Tally t = tally;
            if (t.thread != Thread.currentThread()) tally = t = Wire.tally();
            return t;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            Wire.Tally t = tally();
            long start = System.nanoTime();
            try {
                super.connect(endpoint, timeout);
            } finally {
                t.waitNanos += System.nanoTime() - start;
            }
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        Wire.Tally t = sending();
                        long start = System.nanoTime();
                        try {
                            super.out.write(b);
                        } finally {
                            t.waitNanos += System.nanoTime() - start;
                        }
                        t.bytesSent++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        Wire.Tally t = sending();
                        long start = System.nanoTime();
                        try {
                            super.out.write(b, off, len);
                        } finally {
                            t.waitNanos += System.nanoTime() - start;
                        }
                        t.bytesSent += len;
                    }
                };
            }
            return out;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        Wire.Tally t = tally();
                        long start = System.nanoTime();
                        try {
                            int b = super.in.read();
                            roundTrip();
                            if (b >= 0) t.bytesReceived++;
                            return b;
                        } finally {
                            t.waitNanos += System.nanoTime() - start;
                        }
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        Wire.Tally t = tally();
                        long start = System.nanoTime();
                        try {
                            int n = super.in.read(b, off, len);
                            roundTrip();
                            if (n > 0) t.bytesReceived += n;
                            return n;
                        } finally {
                            t.waitNanos += System.nanoTime() - start;
                        }
                    }

                    @Override
                    public long skip(long n) throws IOException {
                        // Read, not skipped below this stream: skipped bytes cross the wire all the same.
                        if (n <= 0) return 0;
                        byte[] buffer = new byte[(int) Math.min(n, 8192)];
                        long skipped = 0;
                        while (skipped < n) {
                            int r = read(buffer, 0, (int) Math.min(n - skipped, buffer.length));
                            if (r < 0) break;
                            skipped += r;
                        }
                        return skipped;
                    }
                };
            }
            return in;
        }

        /** The tally of the thread about to write, and a round trip begun. */
        private Wire.Tally sending() {
            if (rttNanos > 0) answerPending = true;
            return tally();
        }

        /** The answer to the last request has just arrived: hold it back for one RTT. */
        private void roundTrip() {
            if (!answerPending) return;
            answerPending = false;
            long deadline = System.nanoTime() + rttNanos;
            for (long left = rttNanos; left > 0; left = deadline - System.nanoTime()) LockSupport.parkNanos(left);
        }
    }
}
