package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.auth.AuthSettings;
import org.retrowalk.cds.record.FhirReadSettings;

/** docs/operations.md's configuration reference names every property the service reads. */
class ConfigurationReferenceTest {

    @Test
    void everyPropertyTheCodeReadsIsDocumented() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"").matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        read.remove("quarkus.application.version"); // Quarkus sets it from the build
        for (Class<?> mapping : List.of(AuthSettings.class, FhirReadSettings.class)) {
            properties(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, read);
        }
        assertTrue(read.size() > 30, "found the properties: " + read);
        Set<String> documented = DeploymentFilesTest.documentedProperties();
        List<String> missing = new ArrayList<>(read);
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "properties missing from docs/operations.md: " + missing);
    }

    /** A @ConfigMapping interface's properties, as SmallRye names them (kebab-case; maps as <name>). */
    private static void properties(String prefix, Class<?> type, Set<String> into) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            Type returned = method.getGenericReturnType();
            if (returned instanceof ParameterizedType p && p.getRawType() == Map.class
                    && p.getActualTypeArguments()[1] instanceof Class<?> value && value.isInterface() && value.getEnclosingClass() == type) {
                properties(name + ".<name>", value, into);
            } else if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() == type) {
                properties(name, method.getReturnType(), into);
            } else {
                into.add(name);
            }
        }
    }
}
