package org.retrowalk.cds.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Request bodies from examples/, for tests that need any valid call. */
public final class ExampleRequests {

    private ExampleRequests() {
    }

    public static String recommend() {
        return read("recommend-55-year-old.json");
    }

    /** An example with a fresh hookInstance, as a new call would have. */
    public static String fresh(String file) {
        return read(file).replaceFirst("\"hookInstance\"\\s*:\\s*\"[^\"]+\"", "\"hookInstance\": \"" + java.util.UUID.randomUUID() + "\"");
    }

    public static String read(String file) {
        try {
            return Files.readString(Path.of("examples", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
