package org.retrowalk.cds.operations;

import ca.uhn.fhir.util.FhirTerser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.bench.Pipeline;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;
import org.retrowalk.cds.record.TemplateFilter;

/**
 * Writes docker/demo-patients/: the test patients (the five Synthea records and the example patients) as one
 * FHIR transaction bundle each, for the compose stack's FHIR server. Only what the service's queries ask
 * for is kept (what an EHR would put into a full prefetch), each PUT with its own id (loading twice leaves one copy), and a reference to anything not
 * in the bundle (Synthea's encounters, practitioners, organisations) keeps its display but loses its target,
 * and Synthea's urn:uuid references become Type/id,
 * since a FHIR server that checks references would refuse the bundle. DemoPatientsTest keeps the files equal
 * to what this writes.
 *
 *   ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.retrowalk.cds.operations.DemoPatientBundles
 */
public final class DemoPatientBundles {

    static final Path DIRECTORY = Path.of("docker", "demo-patients");
    private static final java.util.regex.Pattern UUID_FORM = java.util.regex.Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final RecordQueries QUERIES = new RecordQueries(Pipeline.terminology());

    private DemoPatientBundles() {
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        for (Map.Entry<String, String> bundle : bundles().entrySet()) {
            Files.writeString(DIRECTORY.resolve(bundle.getKey()), bundle.getValue());
        }
        System.out.println(bundles().size() + " bundles in " + DIRECTORY);
    }

    /** File name to bundle JSON, for every test patient. */
    static Map<String, String> bundles() {
        Map<String, String> bundles = new LinkedHashMap<>();
        for (TestPatients.TestPatient patient : TestPatients.all()) {
            bundles.put(patient.name() + ".json", FhirContextProducer.jsonParser().setPrettyPrint(true)
                    .encodeResourceToString(bundle(patient.id(), patient.resources())) + "\n");
        }
        return bundles;
    }

    static Bundle bundle(String patientId, List<Resource> record) {
        List<Predicate<Resource>> wanted = QUERIES.all().stream().map(q -> TemplateFilter.of(q, patientId)).toList();
        List<Resource> kept = record.stream().filter(r -> r instanceof Patient || wanted.stream().anyMatch(w -> w.test(r)))
                .map(Resource::copy).toList();
        // The example patients reuse ids (each has a "knee-oa-1"): on one server they would overwrite each other,
        // so their resources' ids get the patient's id in front. Synthea's are UUIDs, unique already.
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Resource resource : kept) {
            String id = resource.getIdElement().getIdPart();
            String unique = resource instanceof Patient || UUID_FORM.matcher(id).matches() ? id : patientId + "-" + id;
            renamed.put(resource.fhirType() + "/" + id, resource.fhirType() + "/" + unique);
            // Synthea's bundles refer to each other's entries as urn:uuid:<id>; on the server they are Type/<id>
            renamed.put("urn:uuid:" + id, resource.fhirType() + "/" + unique);
            resource.setId(unique);
        }
        FhirTerser terser = FhirContextProducer.shared().newTerser();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : kept) {
            resource.setMeta(null);
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                // HAPI's parser links a reference to the entry it names (whose id may have changed since): unlink it
                String target = reference.getResource() instanceof Resource linked ? "urn:uuid:" + linked.getIdElement().getIdPart()
                        : reference.getReference();
                reference.setResource(null);
                reference.setReference(target == null ? null : renamed.get(target));
            }
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
    }
}
