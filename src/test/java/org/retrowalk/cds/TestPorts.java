package org.retrowalk.cds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for tests that start processes or need a port where nothing listens. */
public final class TestPorts {

    private TestPorts() {
    }

    /** A port that was free a moment ago (the OS picked it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
