package org.retrowalk.cds.panel;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's entry point: with no arguments it serves; with {@code screen} or {@code merge} it screens a panel
 * and exits (docs/operations.md, "Screening a panel").
 *
 * <pre>
 * java -jar quarkus-run.jar screen --input DIR --output DIR [--shares N] [--index I]
 * java -jar quarkus-run.jar screen --export-from FHIR_BASE [--group ID] [--client-id ID --private-key JWKS_FILE
 *                                  [--scope "system/*.rs"]] --output DIR
 * java -jar quarkus-run.jar merge --output DIR --shares N
 * </pre>
 * The index defaults to JOB_COMPLETION_INDEX, which Kubernetes sets in each pod of an Indexed Job. A screen of one
 * share merges itself.
 */
@QuarkusMain
public class ScreenCommand implements QuarkusApplication {

    @Inject
    PanelScreen screen;
    @Inject
    Worklists worklists;
    @Inject
    ScreenStore store;

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        Map<String, String> options = options(args);
        if (options == null || !(args[0].equals("screen") || args[0].equals("merge")) || !options.containsKey("output")
                || (args[0].equals("screen") && !options.containsKey("input") && !options.containsKey("export-from"))) {
            System.err.println("usage: screen --input DIR --output DIR [--shares N] [--index I]  |  merge --output DIR --shares N\n"
                    + "       screen --export-from FHIR_BASE [--group ID] [--client-id ID --private-key JWKS_FILE [--scope S]] --output DIR");
            return 2;
        }
        Path output = Path.of(options.get("output"));
        int shares = Integer.parseInt(options.getOrDefault("shares", "1"));
        if (args[0].equals("merge")) {
            ScreenSummary merged = worklists.merge(output, shares);
            store.record(merged, output.getFileName().toString());
            System.out.println("merged " + shares + " shares: " + merged.kneeOa() + " knee-OA patients of " + merged.patients() + ", " + merged.byOutcome());
            return 0;
        }
        int index = Integer.parseInt(options.getOrDefault("index", System.getenv().getOrDefault("JOB_COMPLETION_INDEX", "0")));
        Path input;
        if (options.containsKey("export-from")) {
            input = output.resolve("export");
            java.util.Optional<BulkExport.Client> client = options.containsKey("client-id")
                    ? java.util.Optional.of(new BulkExport.Client(options.get("client-id"), Path.of(options.get("private-key")),
                            options.getOrDefault("scope", "system/*.rs")))
                    : java.util.Optional.empty();
            new BulkExport(java.time.Duration.ofHours(6)).download(java.net.URI.create(options.get("export-from")),
                    java.util.Optional.ofNullable(options.get("group")), screen.resourceTypes(), client, input);
        } else {
            input = Path.of(options.get("input"));
        }
        ScreenSummary share = screen.screen(input, output, index, shares);
        System.out.printf("share %d of %d: %d patients, %d with knee OA, %s, %.0f patients/s%n", index, shares, share.patients(), share.kneeOa(),
                share.byOutcome(), share.patientsPerSecond());
        if (shares == 1) {
            store.record(worklists.merge(output, 1), output.getFileName().toString());
        }
        return 0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
