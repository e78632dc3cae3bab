package io.triage.testkit.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 between the job's Kafka clients and the broker, that can be made flaky: every byte
 * is forwarded as is (Kafka's protocol is untouched), but the chaos driver can
 * <ul>
 *   <li>{@link #delay add latency} to every chunk forwarded in either direction,</li>
 *   <li>{@link #dropAll() drop} every open connection at once (clients see a reset and reconnect),</li>
 *   <li>{@link #stall stall}: stop forwarding (connections stay open, bytes wait) until {@link #resume()}.</li>
 * </ul>
 * Kafka clients connect to whatever address the broker advertises, so the broker must advertise the proxy's
 * port on the listener the proxy forwards to ({@code EmbeddedKafka.start(dir, port, proxied)}); the proxy
 * survives broker restarts (a connection to a broker that is down is simply closed). Plain blocking sockets,
 * two threads per connection: a job has a few dozen.
 */
public final class FlakyProxy implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final ServerSocket server;
    private final int backendPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long delayMs;
    private volatile boolean stalled;
    private volatile boolean closed;

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and forwards to 127.0.0.1:{@code backendPort}. */
    public FlakyProxy(int port, int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread t = new Thread(this::accept, "flaky-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Adds at least {@code ms} of latency to every chunk forwarded from now on (0: none). */
    public void delay(long ms) {
        delayMs = Math.max(0, ms);
    }

    /** Stops forwarding in both directions; connections stay open and new ones are accepted, but nothing moves. */
    public void stall() {
        stalled = true;
    }

    /** Forwarding again after {@link #stall()}. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    public boolean stalled() {
        return stalled;
    }

    /** Closes every open connection (both sides); returns how many client connections there were. */
    public int dropAll() {
        int n = 0;
        for (Socket s : open.toArray(new Socket[0])) {
            closeQuietly(s);
            n++;
        }
        dropped.addAndGet(n);
        return n / 2; // each client connection is two sockets
    }

    /** Client connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Bytes forwarded so far, both directions. */
    public long bytesForwarded() {
        return bytes.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            accepted.incrementAndGet();
            Socket backend = new Socket();
            try {
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 5000);
            } catch (IOException e) {
                closeQuietly(client); // the broker is down: the client retries, as with a broker it cannot reach
                closeQuietly(backend);
                continue;
            }
            open.add(client);
            open.add(backend);
            pump(client, backend, "up");
            pump(backend, client, "down");
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long readAt = System.nanoTime();
                    awaitForwarding();
                    long d = delayMs;
                    if (d > 0) {
                        long wait = d - (System.nanoTime() - readAt) / 1_000_000;
                        if (wait > 0) Thread.sleep(wait);
                    }
                    awaitForwarding(); // a stall that began during the delay holds this chunk too
                    out.write(buf, 0, n);
                    out.flush();
                    bytes.addAndGet(n);
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed, or the connection was dropped
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "flaky-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void awaitForwarding() throws InterruptedException {
        if (!stalled) return;
        synchronized (gate) {
            while (stalled && !closed) gate.wait(100);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open.toArray(new Socket[0])) closeQuietly(s);
    }
}
