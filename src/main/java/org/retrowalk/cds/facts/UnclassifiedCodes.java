package org.retrowalk.cds.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.record.PatientRecord;
import org.retrowalk.cds.terminology.CodeSystems;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Coded facts the service cannot classify (clinical specification, section 3a): a concept none of whose codings
 * comes from a code system the service knows, or one with text and no coding at all. Counted by resource type
 * and code system only, never by code or text, so that a site sees which of its local code systems need a
 * mapping without any patient data leaving the call.
 */
final class UnclassifiedCodes {

    static final String TEXT_ONLY = "(text only)";

    private final Terminology terminology;

    UnclassifiedCodes(Terminology terminology) {
        this.terminology = terminology;
    }

    List<ClinicalFacts.UnclassifiedCode> count(PatientRecord record) {
        Map<String, Integer> counts = new TreeMap<>();
        record.all(Condition.class).forEach(c -> add(counts, c, c.getCode()));
        record.all(Observation.class).forEach(o -> add(counts, o, o.getCode()));
        record.all(Procedure.class).forEach(p -> add(counts, p, p.getCode()));
        record.all(ServiceRequest.class).forEach(s -> add(counts, s, s.getCode()));
        record.all(Device.class).forEach(d -> add(counts, d, d.getType()));
        record.all(DeviceUseStatement.class).forEach(s -> s.getContained().stream().filter(Device.class::isInstance)
                .forEach(d -> add(counts, s, ((Device) d).getType())));
        record.all(MedicationRequest.class).forEach(m -> add(counts, m, MedicationReader.concept(m.getMedication(), m)));
        record.all(MedicationStatement.class).forEach(m -> add(counts, m, MedicationReader.concept(m.getMedication(), m)));
        List<ClinicalFacts.UnclassifiedCode> found = new ArrayList<>();
        counts.forEach((key, n) -> {
            int space = key.indexOf(' ');
            found.add(new ClinicalFacts.UnclassifiedCode(key.substring(0, space), key.substring(space + 1), n));
        });
        return List.copyOf(found);
    }

    private void add(Map<String, Integer> counts, Resource owner, CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return;
        }
        String system = null;
        for (Coding c : concept.getCoding()) {
            if (c.hasCode() && terminology.knowsSystem(c.getSystem())) {
                return;
            }
            if (system == null && c.hasCode()) {
                system = CodeSystems.label(CodeSystems.canonical(c.getSystem()));
            }
        }
        if (system == null && !concept.hasText()) {
            return;
        }
        counts.merge(owner.fhirType() + " " + (system == null ? TEXT_ONLY : system), 1, Integer::sum);
    }
}
