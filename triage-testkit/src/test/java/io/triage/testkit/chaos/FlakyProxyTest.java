package io.triage.testkit.chaos;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy forwards bytes both ways, holds them while stalled, delays them, and drops every connection. */
class FlakyProxyTest {
    /** An echo server on a free port. */
    private static ServerSocket echo() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the proxy dropped us
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static byte[] roundTrip(Socket s, byte[] msg) throws IOException {
        s.getOutputStream().write(msg);
        s.getOutputStream().flush();
        byte[] back = new byte[msg.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        return back;
    }

    @Test
    void forwardsStallsDelaysAndDrops() throws Exception {
        try (ServerSocket backend = echo(); FlakyProxy proxy = new FlakyProxy(0, backend.getLocalPort());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            assertArrayEquals("hello".getBytes(), roundTrip(s, "hello".getBytes()));
            assertEquals(1, proxy.accepted());

            // the echo reaches us before the proxy's counter moves past it; wait for both directions to count
            long settle = System.nanoTime() + 5_000_000_000L;
            while (proxy.bytesForwarded() < 10 && System.nanoTime() < settle) Thread.sleep(5);
            assertEquals(10, proxy.bytesForwarded(), "hello, both ways");
            proxy.stall();
            long before = proxy.bytesForwarded();
            s.getOutputStream().write("held".getBytes());
            s.getOutputStream().flush();
            Thread.sleep(300);
            assertEquals(before, proxy.bytesForwarded(), "nothing moves while stalled");
            proxy.resume();
            byte[] held = new byte[4];
            new DataInputStream(s.getInputStream()).readFully(held);
            assertArrayEquals("held".getBytes(), held);

            proxy.delay(200);
            long t0 = System.nanoTime();
            assertArrayEquals("slow".getBytes(), roundTrip(s, "slow".getBytes()));
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 400, "at least the delay each way");
            proxy.delay(0);

            assertEquals(1, proxy.dropAll());
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100; i++) roundTrip(s, "gone".getBytes()); // reset, or end of stream
            });
            try (Socket again = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                assertArrayEquals("back".getBytes(), roundTrip(again, "back".getBytes()), "new connections still work");
            }
        }
    }
}
