package org.retrowalk.cds.record;

import org.hl7.fhir.r4.model.Resource;

/**
 * One part of the record: its prefetch key, the resource type it holds, and the FHIR query (with the
 * {{context.patientId}} token) that fetches it. A read returns one resource; a search returns a Bundle.
 */
public record RecordQuery(String key, Class<? extends Resource> type, String template, boolean read) {

    public String resourceType() {
        return type.getSimpleName();
    }
}
