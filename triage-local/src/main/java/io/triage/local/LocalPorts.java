package io.triage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on this machine's loopback interface, where every local part (broker, Flink, proxies) listens. */
public final class LocalPorts {
    private LocalPorts() {}

    /** A port that was free a moment ago (another process may still take it before it is bound). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
