package org.retrowalk.cds.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A seeded, structure-aware mutation fuzzer, guided by the answers: it mutates JSON trees (remove, retype, grow,
 * duplicate, swap in FHIR-shaped values) and bytes (cut, overwrite, splice), and an input whose answer shows a
 * behaviour not seen before (its status, the outcome and rules of its card, the start of its diagnostics) joins the
 * corpus that later inputs are mutated from. Not coverage-guided in the compiler's sense; the answer is the signal
 * that is cheap to read at the HTTP boundary. The same seed gives the same inputs.
 */
final class RequestFuzzer {

    /** One input: a POST with a body, or a GET with a query. */
    record Input(String method, String path, String contentType, byte[] body, String target) {}

    /** What an input's answer was: its status, the text of its answer, and the behaviour it shows. */
    record Answer(int status, String text, String behaviour) {}

    /** What a run saw: the statuses, the behaviours and corpus, the failures, and the slowest answer. */
    record Run(int inputs, Map<Integer, Integer> statuses, int behaviours, int corpus, List<String> failures, long slowestMillis) {}

    /** An answer slower than this is a failure too: a caller left waiting is a caller denied. */
    static final long SLOW_MILLIS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> CDS_SERVICES = List.of("/cds-services/backward-walking-patient-view",
            "/cds-services/backward-walking-order-sign", "/cds-services/backward-walking-order-select");
    static final String FEEDBACK_PATH = "/cds-services/backward-walking-patient-view/feedback";
    static final String VALIDATE_PATH = "/prescriptions/$validate";
    static final String FEEDBACK_SEED = "{\"feedback\":[{\"card\":\"6f3c1f0e-2b1a-4c3d-9e8f-0a1b2c3d4e5f\",\"outcome\":\"accepted\","
            + "\"acceptedSuggestions\":[{\"id\":\"7a4d2e1f-3c2b-4d4e-8f9a-1b2c3d4e5f60\"}],\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"},"
            + "{\"card\":\"8b5e3f2a-4d3c-4e5f-9a0b-2c3d4e5f6a7b\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":"
            + "\"http://retrowalk.org/fhir/CodeSystem/override-reason\",\"code\":\"patient-preference\"},\"userComment\":\"x\"},"
            + "\"outcomeTimestamp\":\"2026-11-21T10:01:00+01:00\"}]}";
    /** Pages that take query parameters, and the parameters each takes. */
    static final Map<String, List<String>> QUERIES = Map.of(
            "/governance/report", List.of("from", "to", "format"),
            "/governance/feedback", List.of("from", "to", "outcome", "limit", "format"),
            "/dashboard", List.of("from", "to"),
            "/dashboard/csv/outcomes", List.of("from", "to"),
            "/dashboard/callback", List.of("state", "code", "error"),
            "/app/launch", List.of("iss", "launch", "patient"),
            "/app/callback", List.of("state", "code", "error"),
            "/app/handout", List.of("lang", "saved"),
            "/app/decision", List.of("recorded"));
    /** Forms the app and the dashboard post, and their fields (without a session: refused, never a 5xx). */
    static final Map<String, List<String>> FORMS = Map.of(
            "/app/prescription", List.of("formToken", "sessions", "minutes", "weeks", "measure"),
            "/app/prescription/check", List.of("formToken", "sessions", "minutes", "weeks", "measure"),
            "/app/reassessment", List.of("formToken", "tug", "bwt3m", "pain"),
            "/dashboard/logout", List.of("formToken"));
    /** Values that have broken parsers before: empty, huge, negative, non-ASCII, separators, dates out of range. */
    static final List<String> NASTY = List.of("", " ", "0", "-1", "1e309", "NaN", "99999999999999999999", "2026-02-30",
            "2026-13-01", "0000-00-00", "10000-01-01", "2026-11-21T25:61:00Z", "csv", "json", "xml", "../../etc/passwd",
            "%00", "%zz", "\u0000", "\uD800", "é", "日本", "<script>", "' OR 1=1 --", "a".repeat(5000), "accepted", "overridden",
            "http://127.0.0.1:1/fhir", "http://169.254.169.254/", "Patient/../x", "es", "en", "zz", "true", "false", "null");
    /** FHIR-shaped values swapped into the trees. */
    private static final List<String> RESOURCE_TYPES = List.of("Bundle", "Patient", "Observation", "Condition", "ServiceRequest",
            "Parameters", "OperationOutcome", "MedicationRequest", "Procedure", "Nope", "");

    private final Random random;
    private final List<JsonNode> cdsSeeds = new ArrayList<>();
    private final List<JsonNode> validateSeeds = new ArrayList<>();
    private final List<JsonNode> feedbackSeeds = new ArrayList<>();
    private final Set<String> behaviours = new HashSet<>();

    RequestFuzzer(long seed) {
        this.random = new Random(seed);
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("expected.json")).sorted().toList()) {
                JsonNode request = JSON.readTree(f.toFile());
                cdsSeeds.add(request);
                JsonNode drafts = request.path("context").path("draftOrders").path("entry");
                for (JsonNode entry : drafts) {
                    JsonNode order = entry.path("resource");
                    validateSeeds.add(order);
                    ObjectNode parameters = JSON.createObjectNode().put("resourceType", "Parameters");
                    parameters.putArray("parameter").addObject().put("name", "resource").set("resource", order);
                    validateSeeds.add(parameters);
                }
            }
            feedbackSeeds.add(JSON.readTree(FEEDBACK_SEED));
            if (validateSeeds.isEmpty()) {
                throw new IllegalStateException("no draft order in examples/ to seed $validate with");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends count inputs through send; an answer at 500 or above, or one that shows a stack trace, is a failure. */
    Run run(int count, Function<Input, Answer> send) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Input input = next();
            long sent = System.nanoTime();
            Answer answer = send.apply(input);
            long millis = (System.nanoTime() - sent) / 1_000_000;
            slowest = Math.max(slowest, millis);
            statuses.merge(answer.status(), 1, Integer::sum);
            if (count >= 20_000 && (i + 1) % (count / 20) == 0) {
                System.out.printf("RequestFuzzer: %d of %d in %.0f s, %d behaviours, %d failures, slowest %d ms%n", i + 1, count,
                        (System.nanoTime() - started) / 1e9, behaviours.size(), failures.size(), slowest);
            }
            if (answer.status() >= 500 || millis > SLOW_MILLIS || answer.text().contains("at org.") || answer.text().contains("Exception")) {
                failures.add(answer.status() + " in " + millis + " ms from " + input.method() + " " + input.path() + ": "
                        + answer.text().substring(0, Math.min(300, answer.text().length())) + " | input: "
                        + new String(input.body(), StandardCharsets.UTF_8).substring(0, Math.min(300, input.body().length)));
            }
            if (behaviours.add(input.target() + " " + answer.status() + " " + answer.behaviour()) && input.body().length < 200_000) {
                keep(input);
            }
        }
        return new Run(count, statuses, behaviours.size(), cdsSeeds.size() + validateSeeds.size() + feedbackSeeds.size(), failures, slowest);
    }

    /** The behaviour an answer shows: the card's outcome and rules, or the start of its first diagnostics. */
    static String behaviour(String answer) {
        int outcome = answer.indexOf("\"outcome\":\"");
        int rules = answer.indexOf("\"firedRules\":[");
        int diagnostics = answer.indexOf("\"diagnostics\":\"");
        StringBuilder b = new StringBuilder();
        if (outcome >= 0) {
            b.append(answer, outcome, Math.min(answer.length(), outcome + 30));
        }
        if (rules >= 0) {
            b.append(answer, rules, Math.min(answer.length(), answer.indexOf(']', rules) + 1));
        }
        if (diagnostics >= 0) {
            b.append(answer, diagnostics, Math.min(answer.length(), diagnostics + 60));
        }
        return b.toString().replaceAll("[0-9]+", "#");
    }

    private void keep(Input input) {
        if (!"POST".equals(input.method()) || input.contentType().contains("form")) {
            return;
        }
        try {
            JsonNode tree = JSON.readTree(input.body());
            if (tree == null || !tree.isObject()) {
                return;
            }
            (input.target().equals("validate") ? validateSeeds : input.target().equals("feedback") ? feedbackSeeds : cdsSeeds).add(tree);
        } catch (IOException notJson) {
            // a byte-mutated input that is no longer JSON is not a seed for tree mutations
        }
    }

    Input next() {
        int kind = random.nextInt(20);
        if (kind < 11) {
            return post(CDS_SERVICES.get(random.nextInt(CDS_SERVICES.size())), "cds", pick(cdsSeeds));
        }
        if (kind < 14) {
            return post(VALIDATE_PATH, "validate", pick(validateSeeds));
        }
        if (kind < 16) {
            return post(FEEDBACK_PATH, "feedback", pick(feedbackSeeds));
        }
        if (kind < 18) {
            List<String> paths = List.copyOf(new TreeMap<>(QUERIES).keySet());
            String path = paths.get(random.nextInt(paths.size()));
            String query = query(QUERIES.get(path));
            return new Input("GET", query.isEmpty() ? path : path + "?" + query, "", new byte[0], "query");
        }
        List<String> paths = List.copyOf(new TreeMap<>(FORMS).keySet());
        String path = paths.get(random.nextInt(paths.size()));
        return new Input("POST", path, "application/x-www-form-urlencoded", query(FORMS.get(path)).getBytes(StandardCharsets.UTF_8), "form");
    }

    private JsonNode pick(List<JsonNode> corpus) {
        return corpus.get(random.nextInt(corpus.size())).deepCopy();
    }

    private Input post(String path, String target, JsonNode tree) {
        byte[] body;
        if (random.nextInt(6) == 0) {
            body = bytes(tree.toString()).getBytes(StandardCharsets.UTF_8);
        } else {
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                mutate(tree);
            }
            body = tree.toString().getBytes(StandardCharsets.UTF_8);
        }
        String type = random.nextInt(25) == 0 ? "text/plain" : random.nextInt(8) == 0 ? "application/fhir+json" : "application/json";
        return new Input("POST", path, type, body, target);
    }

    private String query(List<String> names) {
        StringBuilder q = new StringBuilder();
        for (String name : names) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            String value = NASTY.get(random.nextInt(NASTY.size()));
            q.append(q.length() == 0 ? "" : "&").append(random.nextInt(15) == 0 ? name + "[]" : name).append('=')
                    .append(random.nextInt(10) == 0 ? value : java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            if (random.nextInt(12) == 0) {
                q.append('&').append(name).append("=2026-01-01"); // the same parameter twice
            }
        }
        return q.toString();
    }

    /** Replaces, removes, retypes, grows or duplicates one node somewhere in the tree. */
    void mutate(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0 -> object.remove(name);
                case 1, 2 -> object.set(name, value(object.get(name)));
                case 3 -> object.set(List.of("id", "resourceType", "name", "parameter", "resource", "reference", "code", "system",
                        "valueString", "effectiveDateTime", "status", "extension").get(random.nextInt(12)), value(object.get(name)));
                default -> object.set(name + "_" + random.nextInt(9), value(null));
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int index = random.nextInt(array.size());
            switch (random.nextInt(4)) {
                case 0 -> array.remove(index);
                case 1 -> array.set(index, value(array.get(index)));
                case 2 -> {
                    for (int i = random.nextInt(50); i > 0; i--) {
                        array.add(array.get(index).deepCopy()); // many of one entry
                    }
                }
                default -> array.insert(index, JsonNodeFactory.instance.objectNode()); // an empty element ({"parameter":[{}]})
            }
        }
    }

    static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    /** A value to put where old was: a nasty string, a FHIR-shaped object, another type, or old grown. */
    JsonNode value(JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(14)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(random.nextLong());
            case 2 -> f.numberNode(-random.nextDouble() * 1e6);
            case 3 -> f.booleanNode(random.nextBoolean());
            case 4, 5 -> f.textNode(NASTY.get(random.nextInt(NASTY.size())));
            case 6 -> f.objectNode().put("resourceType", RESOURCE_TYPES.get(random.nextInt(RESOURCE_TYPES.size())));
            case 7 -> f.arrayNode().add(f.objectNode()).add(f.numberNode(1));
            case 8 -> f.objectNode().put("reference", List.of("Patient/other", "Patient/", "urn:uuid:x", "#", "Observation/1/_history/2",
                    "http://elsewhere.example/fhir/Patient/1").get(random.nextInt(6)));
            case 9 -> f.objectNode().set("coding", f.arrayNode().add(f.objectNode().put("system", "http://snomed.info/sct")
                    .put("code", List.of("239873007", "217082002", "", "0", "125605004", "77386006").get(random.nextInt(6)))));
            case 10 -> {
                JsonNode nested = f.objectNode();
                for (int i = random.nextInt(60); i > 0; i--) {
                    nested = f.objectNode().set("x", nested);
                }
                yield nested;
            }
            case 11 -> old != null && old.isTextual() ? f.textNode(old.asText().repeat(2 + random.nextInt(20))) : f.textNode("x".repeat(random.nextInt(5000)));
            case 12 -> old != null && old.isContainerNode() ? old.deepCopy() : f.textNode("2026-11-21T10:00:00Z");
            default -> f.textNode("\u0000\uD800" + random.nextInt());
        };
    }

    /** Truncates, cuts out, overwrites or splices bytes of the serialized request. */
    String bytes(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            if (b.length() == 0) {
                break;
            }
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.setLength(at);
                case 1 -> b.delete(at, Math.min(b.length(), at + random.nextInt(40)));
                case 2 -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
                default -> {
                    int from = random.nextInt(b.length());
                    b.insert(at, b.substring(from, Math.min(b.length(), from + random.nextInt(200))));
                }
            }
        }
        return b.toString();
    }
}
