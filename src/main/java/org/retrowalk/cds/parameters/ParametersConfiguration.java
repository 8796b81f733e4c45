package org.retrowalk.cds.parameters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * Loads the rule parameters once at start-up: rules/parameters.yaml, or the file named by
 * retrowalk.rules.parameters-file. The producers are public so that the JMH benchmarks can build the same
 * parts without CDI.
 */
@ApplicationScoped
public class ParametersConfiguration {

    /** The parameters with the bytes they were read from, so the rule-set version can fingerprint them. */
    public record LoadedParameters(ClinicalParameters parameters, byte[] source) {}

    @Produces
    @Singleton
    LoadedParameters loadedParameters(RetrowalkConfig config) {
        return loadedParameters(config.rules().parametersFile());
    }

    public LoadedParameters loadedParameters(Optional<Path> file) {
        try {
            byte[] bytes;
            if (file.isPresent()) {
                bytes = Files.readAllBytes(file.get());
            } else {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("rules/parameters.yaml")) {
                    if (in == null) {
                        throw new IllegalStateException("rules/parameters.yaml is not on the classpath");
                    }
                    bytes = in.readAllBytes();
                }
            }
            return new LoadedParameters(ClinicalParameters.read(new ByteArrayInputStream(bytes)), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule parameters", e);
        }
    }

    @Produces
    @Singleton
    public ClinicalParameters parameters(LoadedParameters loaded) {
        return loaded.parameters();
    }

    /** The default parameters, as the service loads them with no configuration (benchmarks and tests). */
    public static ClinicalParameters defaults() {
        ParametersConfiguration configuration = new ParametersConfiguration();
        return configuration.parameters(configuration.loadedParameters(Optional.empty()));
    }
}
