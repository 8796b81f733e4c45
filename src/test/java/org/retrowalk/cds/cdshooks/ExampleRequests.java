package org.retrowalk.cds.cdshooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Request bodies from examples/, for tests that need any valid call. */
public final class ExampleRequests {

    private ExampleRequests() {
    }

    public static String recommend() {
        try {
            return Files.readString(Path.of("examples", "recommend-55-year-old.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
