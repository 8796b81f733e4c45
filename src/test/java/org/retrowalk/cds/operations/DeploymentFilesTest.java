package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.retrowalk.cds.operations.DeploymentFiles.COMPOSE;
import static org.retrowalk.cds.operations.DeploymentFiles.DOCKER;
import static org.retrowalk.cds.operations.DeploymentFiles.DOCKERFILE;
import static org.retrowalk.cds.operations.DeploymentFiles.KUBERNETES;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The container definition, the compose file and the Kubernetes manifests, checked as far as this machine
 * allows (no container engine): the compose file against the Compose Specification's schema, every manifest
 * against the Kubernetes object model with unknown fields refused, and all of them against the service
 * itself: its ports, its health endpoints, its build, its documented properties.
 */
class DeploymentFilesTest {

    private static final Map<String, Class<?>> KINDS = Map.of("ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "Service", Service.class, "Deployment", Deployment.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PodDisruptionBudget", PodDisruptionBudget.class);

    // ---- the container definition

    @Test
    void theImageIsBuiltWithTheReadmesBuildCommand() {
        Matcher readme = Pattern.compile("^(\\./mvnw -B package -DskipTests)", Pattern.MULTILINE).matcher(DeploymentFiles.read(Path.of("README.md")));
        assertTrue(readme.find(), "the README's build command");
        String dockerfile = DeploymentFiles.read(DOCKERFILE);
        assertTrue(Pattern.compile("^RUN (--mount=\\S+ )*" + Pattern.quote(readme.group(1)) + "$", Pattern.MULTILINE).matcher(dockerfile).find(),
                "the Dockerfile runs " + readme.group(1));
        assertTrue(dockerfile.contains("COPY --from=build /build/target/quarkus-app/ /deployments/"), "and ships what it builds");
    }

    @Test
    void theBuildStageCopiesEveryDirectoryTheMavenBuildReads() {
        String dockerfile = DeploymentFiles.read(DOCKERFILE);
        Matcher dirs = Pattern.compile("\\$\\{project\\.basedir}/([A-Za-z0-9_-]+)").matcher(DeploymentFiles.read(Path.of("pom.xml")));
        Set<String> read = new HashSet<>(List.of("src"));
        while (dirs.find()) {
            read.add(dirs.group(1));
        }
        for (String dir : read) {
            assertTrue(dockerfile.contains("\nCOPY " + dir + " " + dir + "\n"), "the build stage copies " + dir + "/");
        }
        assertTrue(dockerfile.contains("COPY .mvn .mvn") && dockerfile.contains("COPY mvnw pom.xml ./"), "and the wrapper");
    }

    @Test
    void theImageRunsAsTheUnprivilegedUserTheManifestsExpect() throws Exception {
        String dockerfile = DeploymentFiles.read(DOCKERFILE);
        assertTrue(dockerfile.contains("useradd --system --uid 185"), "a system user 185");
        List<String> users = Pattern.compile("^USER (\\S+)$", Pattern.MULTILINE).matcher(dockerfile).results().map(r -> r.group(1)).toList();
        assertEquals(List.of("185"), users, "the runtime stage switches to it");
        Deployment deployment = manifest(Deployment.class);
        assertEquals(185L, deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void theImageUsesTheAheadOfTimeCacheItTrainsOnItsOwnJvm() {
        String dockerfile = DeploymentFiles.read(DOCKERFILE);
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertTrue(runtime.startsWith("\nFROM eclipse-temurin:25-jre\n"), "a JVM with the ahead-of-time cache (JDK 25)");
        assertTrue(runtime.contains("\nRUN train-aot-cache /deployments "), "written at build time, by the image's JVM");
        assertTrue(runtime.indexOf("JAVA_OPTS=") < runtime.indexOf("RUN train-aot-cache"), "with the options it will run with");
        assertTrue(dockerfile.contains("-XX:AOTCache=app.aot -jar quarkus-run.jar"), "used with the same relative class path");
        assertTrue(dockerfile.contains("javac --release 17 -d /build/training docker/TrainingLoad.java"), "the training load, built for the JRE");
        assertEquals("aot-jar", property("quarkus.package.jar.type"), "every class on the JVM's own class path, where the cache can hold it");
        assertTrue(Files.isExecutable(DOCKER.resolve("train-aot-cache.sh")));
    }

    /**
     * The JVM options were measured as a set (docs/performance.md, issue 20): the compose stack, the manifests
     * and the load benchmark must run what the image runs, or the figures describe no deployment.
     */
    @Test
    void everyDeploymentAndTheBenchmarkRunTheImagesJvmOptions() throws Exception {
        String image = DeploymentFiles.runtimeEnvironment().get("JAVA_OPTS");
        assertTrue(image.contains("-XX:+UseSerialGC") && image.contains("-Xmx256m"), "the collector and heap measured: " + image);
        assertTrue(image.contains("-XX:CICompilerCount=4"), "three C2 compiler threads, not the one two cores get by default: " + image);
        assertTrue(image.contains("-XX:TrimNativeHeapInterval="), "the compilers' freed memory handed back to the system: " + image);
        assertEquals(image, DeploymentFiles.YAML.readTree(COMPOSE.toFile()).at("/services/retrowalk-cds/environment/JAVA_OPTS").asText(), "compose.yaml");
        List<String> configMaps = manifests(ConfigMap.class).stream().map(m -> m.getData().get("JAVA_OPTS")).filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(image), configMaps, "the Kubernetes ConfigMap");
        Matcher bench = Pattern.compile("^JAVA_OPTS=\\$\\{JAVA_OPTS:-\"(.*)\"}$", Pattern.MULTILINE).matcher(Files.readString(Path.of("bench", "run")));
        assertTrue(bench.find(), "bench/run sets a default JAVA_OPTS");
        assertEquals(image, bench.group(1), "bench/run's default");
        assertTrue(Files.readString(Path.of("docs", "operations.md")).contains("`JAVA_OPTS` (default `" + image + "`)"), "operations.md names the default");
    }

    @Test
    void theHealthCheckAsksReadinessOnTheManagementPort() {
        String command = String.join(" ", DeploymentFiles.healthCheckCommand());
        assertTrue(command.contains("/q/health/ready"), command);
        assertTrue(command.contains("${QUARKUS_MANAGEMENT_PORT:-" + property("quarkus.management.port") + "}"), command);
    }

    // ---- the compose file

    @Test
    void theComposeFileConformsToTheComposeSpecification() throws IOException {
        JsonSchema schema = composeSchema();
        JsonNode compose = DeploymentFiles.YAML.readTree(COMPOSE.toFile());
        Set<ValidationMessage> problems = schema.validate(compose);
        assertTrue(problems.isEmpty(), "compose.yaml: " + problems);
    }

    @Test
    void theComposeSchemaCheckWouldCatchAMistake() throws IOException {
        JsonSchema schema = composeSchema();
        JsonNode compose = DeploymentFiles.YAML.readTree(DeploymentFiles.read(COMPOSE).replace("    depends_on:", "    depend_on:"));
        assertTrue(!schema.validate(compose).isEmpty(), "a misspelt key is refused");
    }

    @Test
    void theComposeStackHasTheServiceADatabaseAFhirServerAndItsLoader() throws IOException {
        JsonNode services = DeploymentFiles.YAML.readTree(COMPOSE.toFile()).get("services");
        JsonNode service = services.get("retrowalk-cds");
        assertEquals("docker/Dockerfile", service.at("/build/dockerfile").asText());
        assertTrue(Files.isRegularFile(DOCKER.resolve(service.at("/build/context").asText()).resolve(service.at("/build/dockerfile").asText())));
        assertEquals("postgresql", service.at("/environment/RETROWALK_DATABASE").asText());
        assertTrue(service.at("/environment/QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL").asText().startsWith("jdbc:postgresql://postgres:5432/"));
        assertEquals("service_healthy", service.at("/depends_on/postgres/condition").asText());
        List<String> ports = new ArrayList<>();
        service.get("ports").forEach(p -> ports.add(p.asText()));
        assertTrue(ports.contains(property("quarkus.http.port") + ":" + property("quarkus.http.port")), "the API port " + ports);
        assertTrue(ports.contains(property("quarkus.management.port") + ":" + property("quarkus.management.port")), "the management port " + ports);
        assertTrue(services.get("fhir").get("image").asText().startsWith("hapiproject/hapi:v"), "the official HAPI FHIR JPA server, pinned");
        for (JsonNode other : services) {
            for (JsonNode volume : other.path("volumes")) {
                if (volume.asText().startsWith("./")) {
                    Path host = DOCKER.resolve(volume.asText().split(":")[0]);
                    assertTrue(Files.exists(host), "a service mounts " + host + ", which does not exist");
                }
            }
        }
        assertTrue(services.has("fhir-loader") && services.has("prometheus"), "the loader and Prometheus");
    }

    @Test
    void prometheusScrapesTheManagementPortAndLoadsTheAlerts() throws IOException {
        JsonNode prometheus = DeploymentFiles.YAML.readTree(DOCKER.resolve("prometheus").resolve("prometheus.yml").toFile());
        JsonNode job = prometheus.at("/scrape_configs/0");
        assertEquals("/q/metrics", job.get("metrics_path").asText());
        assertEquals("retrowalk-cds:" + property("quarkus.management.port"), job.at("/static_configs/0/targets/0").asText());
        assertEquals("/etc/prometheus/alerts.yml", prometheus.at("/rule_files/0").asText());
        JsonNode rules = DeploymentFiles.YAML.readTree(DOCKER.resolve("prometheus").resolve("alerts.yml").toFile()).at("/groups/0/rules");
        assertTrue(rules.size() >= 5, "alert rules");
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertTrue(name.startsWith("Retrowalk"), "an alert's name: " + rule);
            assertTrue(!rule.path("expr").asText().isBlank(), name + ": an expression");
            assertTrue(Set.of("warning", "critical").contains(rule.at("/labels/severity").asText()), name + ": a severity");
            assertTrue(!rule.at("/annotations/summary").asText().isBlank(), name + ": a summary");
        }
    }

    @Test
    void dockerComposeAcceptsTheFileWhereItsClientIsInstalled() throws Exception {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null, "no docker compose on this machine: the schema check above stands in for it");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", COMPOSE.toString(), "config", "--quiet"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker compose config finished");
        assertEquals(0, process.exitValue(), output);
    }

    // ---- the Kubernetes manifests

    @Test
    void everyManifestIsAKubernetesObjectWithNoUnknownField() throws Exception {
        List<Path> files = manifestFiles();
        assertTrue(files.size() >= 6, "manifests " + files);
        for (Path file : files) {
            for (JsonNode document : DeploymentFiles.yamlDocuments(file)) {
                String kind = document.path("kind").asText();
                Class<?> type = KINDS.get(kind);
                if (type == null) {
                    fail(file + ": a " + kind + ", which this check does not know");
                }
                Object object = DeploymentFiles.YAML.treeToValue(document, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, kind, unknown, new IdentityHashMap<>());
                assertTrue(unknown.isEmpty(), file + ": fields Kubernetes does not know: " + unknown);
            }
        }
    }

    @Test
    void thePanelScreenIsAnIndexedJobWhoseSharesTheMergeJoins() throws Exception {
        Path directory = KUBERNETES.resolve("panel-screen");
        io.fabric8.kubernetes.api.model.batch.v1.Job screen = null;
        io.fabric8.kubernetes.api.model.batch.v1.Job merge = null;
        for (Path file : List.of(directory.resolve("panel-screen.yaml"), directory.resolve("panel-merge.yaml"))) {
            for (JsonNode document : DeploymentFiles.yamlDocuments(file)) {
                String kind = document.path("kind").asText();
                Class<?> type = kind.equals("Job") ? io.fabric8.kubernetes.api.model.batch.v1.Job.class
                        : kind.equals("PersistentVolumeClaim") ? io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class : null;
                assertTrue(type != null, file + ": an unexpected " + kind);
                Object object = DeploymentFiles.YAML.treeToValue(document, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, kind, unknown, new IdentityHashMap<>());
                assertTrue(unknown.isEmpty(), file + ": fields Kubernetes does not know: " + unknown);
                if (object instanceof io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                    if (job.getMetadata().getName().endsWith("-screen")) {
                        screen = job;
                    } else {
                        merge = job;
                    }
                }
            }
        }
        assertEquals("Indexed", screen.getSpec().getCompletionMode());
        int completions = screen.getSpec().getCompletions();
        assertEquals(completions, screen.getSpec().getParallelism().intValue(), "every share runs at once");
        List<String> screenArgs = screen.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        List<String> mergeArgs = merge.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertEquals("screen", screenArgs.get(0));
        assertEquals("merge", mergeArgs.get(0));
        assertEquals(Integer.toString(completions), screenArgs.get(screenArgs.indexOf("--shares") + 1), "--shares is the number of completions");
        assertEquals(Integer.toString(completions), mergeArgs.get(mergeArgs.indexOf("--shares") + 1));
        assertEquals(screenArgs.get(screenArgs.indexOf("--output") + 1), mergeArgs.get(mergeArgs.indexOf("--output") + 1), "the merge reads what the shares wrote");
        assertFalse(screenArgs.contains("--index"), "each pod's share is its JOB_COMPLETION_INDEX");
        assertTrue(DeploymentFiles.execForm("ENTRYPOINT").get(2).contains("\"$@\""), "the image passes the Job's args to the service");
    }

    @Test
    void theUnknownFieldCheckWouldCatchAMistake() throws Exception {
        JsonNode document = DeploymentFiles.YAML.readTree(DeploymentFiles.read(KUBERNETES.resolve("deployment.yaml")).replace("readinessProbe:", "readynessProbe:"));
        List<String> unknown = new ArrayList<>();
        unknownFields(DeploymentFiles.YAML.treeToValue(document, Deployment.class), "Deployment", unknown, new IdentityHashMap<>());
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).endsWith("readynessProbe"), unknown.toString());
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = DeploymentFiles.YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new HashSet<>(manifestFiles().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(present, listed);
    }

    @Test
    void theProbesAndPortsAreTheServicesOwn() throws Exception {
        Deployment deployment = manifest(Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
        assertEquals(Map.of("http", Integer.valueOf(property("quarkus.http.port")), "management", Integer.valueOf(property("quarkus.management.port"))), ports);
        assertProbe(container.getStartupProbe(), "/q/health/live");
        assertProbe(container.getLivenessProbe(), "/q/health/live");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertTrue(container.getResources().getLimits().containsKey("memory"), "a memory limit");
        assertTrue(container.getResources().getRequests().containsKey("cpu"), "a CPU request (the autoscaler needs it)");
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), "a read-only root file system");

        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(manifest(Service.class).getSpec().getSelector().entrySet()), "the Service selects the pods");
        assertTrue(labels.entrySet().containsAll(manifest(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels().entrySet()));
        HorizontalPodAutoscaler hpa = manifest(HorizontalPodAutoscaler.class);
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    }

    @Test
    void everySettingTheDeploymentFilesMakeIsADocumentedProperty() throws Exception {
        Set<String> documented = documentedProperties().stream().map(DeploymentFiles::environmentName).collect(java.util.stream.Collectors.toSet());
        List<String> undocumented = new ArrayList<>();
        for (ConfigMap map : manifests(ConfigMap.class)) {
            for (String key : map.getData().keySet()) {
                if (key.matches("[A-Z0-9_]+") && !key.equals("JAVA_OPTS") && !documented.contains(key)) {
                    undocumented.add("ConfigMap " + map.getMetadata().getName() + ": " + key);
                }
                if (key.equals("application.properties")) {
                    Properties properties = new Properties();
                    properties.load(new java.io.StringReader(map.getData().get(key)));
                    for (String property : properties.stringPropertyNames()) {
                        String general = property.replaceAll("^retrowalk\\.auth\\.issuers\\.[^.]+\\.", "retrowalk.auth.issuers.<name>.");
                        if (!documentedProperties().contains(general)) {
                            undocumented.add("application.properties: " + property);
                        }
                    }
                }
            }
        }
        for (String key : manifest(Secret.class).getStringData().keySet()) {
            if (!documented.contains(key)) {
                undocumented.add("Secret: " + key);
            }
        }
        DeploymentFiles.YAML.readTree(COMPOSE.toFile()).at("/services/retrowalk-cds/environment").fieldNames().forEachRemaining(key -> {
            if (!key.equals("JAVA_OPTS") && !documented.contains(key)) {
                undocumented.add("compose: " + key);
            }
        });
        assertTrue(undocumented.isEmpty(), "settings not in docs/operations.md's configuration reference: " + undocumented);
    }

    // ---- helpers

    private static JsonSchema composeSchema() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode schema;
        try (InputStream in = DeploymentFilesTest.class.getResourceAsStream("/schemas/compose-spec.json")) {
            schema = (com.fasterxml.jackson.databind.node.ObjectNode) DeploymentFiles.JSON.readTree(in);
        }
        withoutDraft4Ids(schema, false);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema);
    }

    /** This schema still marks its definitions with draft-04 "id" keywords, which draft 2019-09 validators refuse. */
    private static void withoutDraft4Ids(JsonNode node, boolean namesProperties) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            if (!namesProperties && object.path("id").isTextual()) {
                object.remove("id");
            }
            object.fields().forEachRemaining(field -> withoutDraft4Ids(field.getValue(),
                    !namesProperties && (field.getKey().equals("properties") || field.getKey().equals("patternProperties"))));
        } else if (node != null && node.isArray()) {
            node.forEach(item -> withoutDraft4Ids(item, false));
        }
    }

    /** docker compose (the CLI plugin) or docker-compose, whichever answers; null when neither does. */
    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            if (!onPath(candidate.get(0))) {
                continue;
            }
            try {
                List<String> version = new ArrayList<>(candidate);
                version.add("version");
                Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not usable: try the next
            }
        }
        return null;
    }

    private static void assertProbe(Probe probe, String path) {
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("management", probe.getHttpGet().getPort().getStrVal());
    }

    /** The property names in docs/operations.md's configuration tables: the first cell of each row, in backticks. */
    static Set<String> documentedProperties() throws IOException {
        Set<String> properties = new HashSet<>();
        Matcher m = Pattern.compile("^\\| `([a-z][a-zA-Z0-9.<>\"-]+)` \\|", Pattern.MULTILINE).matcher(Files.readString(Path.of("docs", "operations.md")));
        while (m.find()) {
            properties.add(m.group(1));
        }
        return properties;
    }

    static String property(String name) {
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty(name);
            if (value == null) {
                throw new AssertionError(name + " is not in application.properties");
            }
            return value;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    private static <T> List<T> manifests(Class<T> type) throws Exception {
        List<T> found = new ArrayList<>();
        for (Path file : manifestFiles()) {
            for (JsonNode document : DeploymentFiles.yamlDocuments(file)) {
                if (KINDS.get(document.path("kind").asText()) == type) {
                    found.add(DeploymentFiles.YAML.treeToValue(document, type));
                }
            }
        }
        return found;
    }

    private static <T> T manifest(Class<T> type) throws Exception {
        List<T> found = manifests(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    /**
     * The fabric8 model keeps fields it does not know in additionalProperties instead of refusing them: walk
     * the object and report every such field with its path.
     */
    private static void unknownFields(Object object, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
            }
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(object);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
            }
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
