package org.retrowalk.cds.panel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The panel screen over an export of the test patients (the Synthea knee-OA patients of ../shared and the
 * hand-written examples) as ndjson files: every knee-OA patient is on the worklist with the outcome patient-view
 * gives the same record, nobody else is; one share and three shares give the same worklist; a missing share stops
 * the merge; the FHIR List parses and names the same patients; the summary reaches the governance dashboard.
 */
@QuarkusTest
class PanelScreenTest {

    static final Path EXPORT = Path.of("target", "panel-test", "export");
    static Map<String, String> expected;
    static int patients;

    @Inject
    PanelScreen screen;
    @Inject
    Worklists worklists;
    @Inject
    ScreenStore store;
    @Inject
    RecordQueries queries;

    @BeforeAll
    static void export() throws Exception {
        List<List<Resource>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (TestPatients.TestPatient patient : TestPatients.all()) {
            if (ids.add(patient.id())) {
                records.add(patient.resources());
            }
        }
        patients = records.size();
        PanelExports.write(EXPORT, records);
    }

    /** What patient-view answers for each test patient: the outcome of its card, for those with one. */
    Map<String, String> patientView() throws Exception {
        if (expected == null) {
            Map<String, String> outcomes = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (TestPatients.TestPatient patient : TestPatients.all()) {
                if (!ids.add(patient.id())) {
                    continue;
                }
                String body = Requests.patientView(queries, patient.id(), patient.resources()).toString();
                JsonNode cards = json.readTree(given().contentType(ContentType.JSON).body(body).post("/cds-services/backward-walking-patient-view")
                        .then().statusCode(200).extract().asString()).path("cards");
                if (cards.size() == 1) {
                    outcomes.put("Patient/" + patient.id(), cards.get(0).path("extension").path("org.retrowalk.decision").path("outcome").asText());
                }
            }
            expected = outcomes;
        }
        return expected;
    }

    @Test
    void theWorklistHoldsEveryKneeOaPatientWithPatientViewsOutcomeWhateverTheShares() throws Exception {
        Path one = Path.of("target", "panel-test", "one-share");
        screen.screen(EXPORT, one, 0, 1);
        ScreenSummary single = worklists.merge(one, 1);

        Path three = Path.of("target", "panel-test", "three-shares");
        List<ScreenSummary> shares = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shares.add(screen.screen(EXPORT, three, i, 3));
        }
        assertTrue(shares.stream().filter(s -> s.patients() > 0).count() >= 2, "the patients are spread over the shares: " + shares);
        ScreenSummary merged = worklists.merge(three, 3);

        Map<String, String> fromScreen = worklist(one);
        assertEquals(patientView(), fromScreen, "the worklist is patient-view's answer for each knee-OA patient");
        assertEquals(patientView().size(), single.kneeOa());
        assertEquals(patients, single.patients());
        assertEquals(Files.readString(one.resolve("worklist.csv")), Files.readString(three.resolve("worklist.csv")), "the shares change nothing");
        assertEquals(single.byOutcome(), merged.byOutcome());

        List<String> csv = Files.readAllLines(one.resolve("worklist.csv"), StandardCharsets.UTF_8);
        assertEquals("patient,outcome,outcome_words,reasons,assessments_to_arrange,rules", csv.get(0));
        assertTrue(csv.get(1).contains("ADVISE_AGAINST"), "those who must not be offered it come first: " + csv.get(1));

        ListResource list = (ListResource) FhirContextProducer.jsonParser().parseResource(Files.readString(one.resolve("worklist-list.json")));
        assertEquals(patientView().size(), list.getEntry().size());
        Map<String, String> fromList = new TreeMap<>();
        list.getEntry().forEach(e -> fromList.put(e.getItem().getReference(), e.getFlag().getCodingFirstRep().getCode()));
        assertEquals(patientView(), fromList);
    }

    @Test
    void aBulkDataExportIsFetchedAsABackendServicesClientAndScreened() throws Exception {
        com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("backend-1").generate();
        Path keyFile = Path.of("target", "panel-test", "backend-key.json");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, new com.nimbusds.jose.jwk.JWKSet(key).toString(false));
        List<List<Resource>> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (TestPatients.TestPatient patient : TestPatients.all()) {
            if (ids.add(patient.id())) {
                records.add(patient.resources());
            }
        }
        TestBulkServer server = new TestBulkServer(records, "retrowalk-panel", key.toPublicJWK());
        try {
            BulkExport.Client client = new BulkExport.Client("retrowalk-panel", keyFile, "system/*.rs");
            Path all = Path.of("target", "panel-test", "bulk-all");
            new BulkExport(java.time.Duration.ofMinutes(1)).download(java.net.URI.create(server.fhirBase()), java.util.Optional.empty(),
                    screen.resourceTypes(), java.util.Optional.of(client), all.resolve("export"));
            screen.screen(all.resolve("export"), all, 0, 1);
            worklists.merge(all, 1);
            assertEquals(patientView(), worklist(all), "the exported population's worklist is patient-view's answers");
            assertTrue(server.kickOffs.get(0).contains("_type=" + String.join("%2C", screen.resourceTypes())), server.kickOffs.toString());
            assertEquals(0, server.unauthorised.get(), "every request after the token carried it");

            // a Group's export holds only its members
            String member = patientView().keySet().iterator().next().substring("Patient/".length());
            server.group("knee-clinic", Set.of(member));
            Path group = Path.of("target", "panel-test", "bulk-group");
            new BulkExport(java.time.Duration.ofMinutes(1)).download(java.net.URI.create(server.fhirBase()), java.util.Optional.of("knee-clinic"),
                    screen.resourceTypes(), java.util.Optional.of(client), group.resolve("export"));
            screen.screen(group.resolve("export"), group, 0, 1);
            worklists.merge(group, 1);
            assertEquals(Set.of("Patient/" + member), worklist(group).keySet());

            // without the backend client's token the server refuses, and nothing is screened
            java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new BulkExport(java.time.Duration.ofMinutes(1))
                    .download(java.net.URI.create(server.fhirBase()), java.util.Optional.empty(), screen.resourceTypes(), java.util.Optional.empty(),
                            Path.of("target", "panel-test", "bulk-refused")));
            assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
        } finally {
            server.stop();
        }
    }

    @Test
    void aMissingShareStopsTheMerge() throws Exception {
        Path partial = Path.of("target", "panel-test", "partial");
        screen.screen(EXPORT, partial, 0, 2);
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> worklists.merge(partial, 2));
        assertTrue(refused.getMessage().contains("share 1 of 2 has not finished"), refused.getMessage());
    }

    @Test
    void theScreensSummaryIsOnTheGovernanceDashboard() throws Exception {
        Path out = Path.of("target", "panel-test", "dashboard");
        screen.screen(EXPORT, out, 0, 1);
        ScreenSummary summary = worklists.merge(out, 1);
        store.record(summary, "test-panel-" + summary.kneeOa());
        String page = given().get("/dashboard").then().statusCode(200).extract().asString();
        assertTrue(page.contains("test-panel-" + summary.kneeOa()), "the screen is listed");
        String csv = given().get("/dashboard/csv/screens").then().statusCode(200).extract().asString();
        String row = csv.lines().filter(l -> l.contains("test-panel-")).findFirst().orElseThrow();
        String[] cells = row.split(",");
        assertEquals(Long.toString(summary.kneeOa()), cells[3]);
        assertEquals(Long.toString(summary.byOutcome().getOrDefault("ADVISE_AGAINST", 0L)), cells[7]);
    }

    private static Map<String, String> worklist(Path output) throws Exception {
        Map<String, String> outcomes = new TreeMap<>();
        List<String> lines = Files.readAllLines(output.resolve("worklist.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", 3);
            outcomes.put(cells[0], cells[1]);
        }
        return outcomes;
    }
}
