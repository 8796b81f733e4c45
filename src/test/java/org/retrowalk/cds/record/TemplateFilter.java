package org.retrowalk.cds.record;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Resource;

/**
 * Evaluates a prefetch template's search parameters (code tokens and status) on resources in memory, so
 * that tests can send exactly what an EHR filling our templates would send. _sort and _count change
 * order and paging only, and patient is implied by the source of the resources.
 */
public final class TemplateFilter {

    private TemplateFilter() {
    }

    public static Predicate<Resource> of(RecordQuery query, String patientId) {
        String template = query.template().replace("{{context.patientId}}", patientId);
        int q = template.indexOf('?');
        if (q < 0) {
            return r -> r.fhirType().equals(query.resourceType()) && patientId.equals(r.getIdElement().getIdPart());
        }
        Map<String, String> params = Arrays.stream(template.substring(q + 1).split("&"))
                .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
        Predicate<Resource> filter = r -> r.fhirType().equals(query.resourceType());
        if (params.containsKey("code")) {
            Set<String> tokens = Set.of(params.get("code").split(","));
            filter = filter.and(r -> codes(r).stream().anyMatch(tokens::contains));
        }
        if (params.containsKey("status")) {
            Set<String> statuses = Set.of(params.get("status").split(","));
            filter = filter.and(r -> statuses.contains(status(r)));
        }
        return filter;
    }

    private static List<String> codes(Resource r) {
        Base[] code = r.getProperty("code".hashCode(), "code", false);
        if (code == null || code.length == 0 || !(code[0] instanceof CodeableConcept cc)) {
            return List.of();
        }
        return cc.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    private static String status(Resource r) {
        Base[] status = r.getProperty("status".hashCode(), "status", false);
        return status == null || status.length == 0 ? null : status[0].primitiveValue();
    }
}
