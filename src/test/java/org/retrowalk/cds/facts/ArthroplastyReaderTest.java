package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.PATIENT;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.row;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a recent or planned knee arthroplasty is read (12 weeks before 2026-11-21 is 2026-08-29). */
class ArthroplastyReaderTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("none", "not recent, not planned"),
                row("six weeks ago", "recent 2026-10-10, not planned", procedure("2026-10-10", Procedure.ProcedureStatus.COMPLETED)),
                row("twenty weeks ago", "not recent, not planned", procedure("2026-07-04", Procedure.ProcedureStatus.COMPLETED)),
                row("dated by month: the month's last day", "recent 2026-08-31, not planned", procedure("2026-08", Procedure.ProcedureStatus.COMPLETED)),
                row("undated: possibly recent", "recent, not planned", procedure(null, Procedure.ProcedureStatus.COMPLETED)),
                row("not done does not count", "not recent, not planned", procedure("2026-10-10", Procedure.ProcedureStatus.NOTDONE)),
                row("entered in error does not count", "not recent, not planned", procedure("2026-10-10", Procedure.ProcedureStatus.ENTEREDINERROR)),
                row("planned: an active order", "not recent, planned", order(ServiceRequest.ServiceRequestStatus.ACTIVE)),
                row("a completed order is not a plan", "not recent, not planned", order(ServiceRequest.ServiceRequestStatus.COMPLETED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        Arthroplasty a = ArthroplastyReader.read(context(resources));
        assertEquals(expected, (a.isRecent() ? "recent" + (a.getDate() == null ? "" : " " + a.getDate()) : "not recent")
                + ", " + (a.isPlanned() ? "planned" : "not planned"));
    }

    private static CodeableConcept totalKnee() {
        return new CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", "27447", null));
    }

    private static Procedure procedure(String performed, Procedure.ProcedureStatus status) {
        Procedure p = new Procedure();
        p.setSubject(new Reference("Patient/" + PATIENT));
        p.setCode(totalKnee());
        p.setStatus(status);
        if (performed != null) {
            p.setPerformed(new DateTimeType(performed));
        }
        return p;
    }

    private static ServiceRequest order(ServiceRequest.ServiceRequestStatus status) {
        ServiceRequest s = new ServiceRequest();
        s.setSubject(new Reference("Patient/" + PATIENT));
        s.setCode(totalKnee());
        s.setStatus(status);
        return s;
    }
}
