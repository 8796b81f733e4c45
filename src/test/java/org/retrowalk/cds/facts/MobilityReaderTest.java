package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.PATIENT;
import static org.retrowalk.cds.facts.FhirRecords.SNOMED;
import static org.retrowalk.cds.facts.FhirRecords.code;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.text;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How walking aids are read from Devices and DeviceUseStatements. */
class MobilityReaderTest {

    static Stream<Arguments> cases() {
        Device contained = device("cw", text("Wheeled walker"), null);
        DeviceUseStatement usesContained = statement(new Reference("#cw"));
        usesContained.addContained(contained);
        Device referenced = device("d9", code(SNOMED, "705406009"), null);
        return Stream.of(
                row("no device", "[]"),
                row("a walker by SNOMED code", "[WALKER]", device("d1", code(SNOMED, "705406009"), null)),
                row("crutches are a cane or crutch", "[CANE]", device("d1", code(SNOMED, "363753007"), null)),
                row("a cane named only in the type's text", "[CANE]", device("d1", text("Walking stick"), null)),
                row("an inactive device is not in use", "[]", device("d1", code(SNOMED, "705406009"), Device.FHIRDeviceStatus.INACTIVE)),
                row("a device of another kind", "[]", device("d1", text("Hearing aid"), null)),
                row("a statement of a contained device", "[WALKER]", usesContained),
                row("a statement of a device in the record", "[WALKER]", statement(new Reference("Device/d9")), referenced),
                row("a statement naming its device only by display", "[WHEELCHAIR]", statement(new Reference().setDisplay("manual wheelchair"))),
                row("a completed statement is not current use", "[]",
                        status(statement(new Reference().setDisplay("walker")), DeviceUseStatement.DeviceUseStatementStatus.COMPLETED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        assertEquals(expected, MobilityReader.read(context(resources)).getAids().toString());
    }

    private static Device device(String id, CodeableConcept type, Device.FHIRDeviceStatus status) {
        Device d = new Device();
        d.setId(id);
        d.setPatient(new Reference("Patient/" + PATIENT));
        d.setType(type);
        if (status != null) {
            d.setStatus(status);
        }
        return d;
    }

    private static DeviceUseStatement statement(Reference device) {
        DeviceUseStatement s = new DeviceUseStatement();
        s.setStatus(DeviceUseStatement.DeviceUseStatementStatus.ACTIVE);
        s.setSubject(new Reference("Patient/" + PATIENT));
        s.setDevice(device);
        return s;
    }

    private static DeviceUseStatement status(DeviceUseStatement s, DeviceUseStatement.DeviceUseStatementStatus status) {
        s.setStatus(status);
        return s;
    }
}
