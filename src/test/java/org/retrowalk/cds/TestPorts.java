package org.retrowalk.cds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback ports for tests that start processes or need a port where nothing listens. */
public final class TestPorts {

    /** The OS may hand the same ephemeral port out again once its socket is closed; a test naming several needs them distinct. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private TestPorts() {
    }

    /** A port that was free a moment ago (the OS picked it), never one this JVM was given before. */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("the OS kept offering ports already handed out");
    }
}
