package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.config.RetrowalkConfig;

/** docs/operations.md's configuration reference names every property the service reads. */
class ConfigurationReferenceTest {

    @Test
    void everyPropertyTheCodeReadsIsDocumented() throws IOException {
        Set<String> read = new TreeSet<>();
        properties(RetrowalkConfig.class.getAnnotation(ConfigMapping.class).prefix(), RetrowalkConfig.class, read);
        // Quarkus's own properties the service reads besides its tree
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"").matcher(Files.readString(source));
                while (m.find()) {
                    assertTrue(m.group(1).startsWith("quarkus."), source + " reads " + m.group(1) + " outside the configuration tree (RetrowalkConfig)");
                    read.add(m.group(1));
                }
            }
        }
        read.remove("quarkus.application.version"); // Quarkus sets it from the build
        assertTrue(read.size() > 30, "found the properties: " + read);
        Set<String> documented = DeploymentFilesTest.documentedProperties();
        List<String> missing = new ArrayList<>(read);
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "properties missing from docs/operations.md: " + missing);
    }

    /** Every property of the tree has a default, or is Optional, or is a map of named groups: the service starts with none set. */
    @Test
    void everyPropertyHasADefault() {
        List<String> without = new ArrayList<>();
        noDefault("retrowalk", RetrowalkConfig.class, without);
        assertTrue(without.isEmpty(), "properties without a default: " + without);
    }

    private static void noDefault(String prefix, Class<?> type, List<String> into) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            if (isGroup(method.getReturnType())) {
                noDefault(name, method.getReturnType(), into);
            } else if (method.getReturnType() != Optional.class && method.getReturnType() != Map.class
                    && method.getAnnotation(WithDefault.class) == null) {
                into.add(name);
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getPackageName().equals(RetrowalkConfig.class.getPackageName());
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The tree's properties, as SmallRye names them (kebab-case; maps of groups as <name>). */
    private static void properties(String prefix, Class<?> type, Set<String> into) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Type returned = method.getGenericReturnType();
            if (returned instanceof ParameterizedType p && p.getRawType() == Map.class
                    && p.getActualTypeArguments()[1] instanceof Class<?> value && isGroup(value)) {
                properties(name + ".<name>", value, into);
            } else if (isGroup(method.getReturnType())) {
                properties(name, method.getReturnType(), into);
            } else {
                into.add(name);
            }
        }
    }
}
