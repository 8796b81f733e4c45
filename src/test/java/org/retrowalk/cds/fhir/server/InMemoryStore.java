package org.retrowalk.cds.fhir.server;

import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirDates;
import org.retrowalk.cds.fhir.References;

/** The test FHIR server's data, searchable the way the prefetch templates search. */
public final class InMemoryStore {

    private final Map<String, List<Resource>> byType = new ConcurrentHashMap<>();
    /** type|patient id -> resources: a search looks only at its patient's, as a real server's index would. */
    private final Map<String, List<Resource>> byPatient = new ConcurrentHashMap<>();

    public void add(Resource resource) {
        byType.computeIfAbsent(resource.fhirType(), t -> new CopyOnWriteArrayList<>()).add(resource);
        String patient = patientOf(resource);
        if (patient != null) {
            byPatient.computeIfAbsent(resource.fhirType() + "|" + patient, t -> new CopyOnWriteArrayList<>()).add(resource);
        }
    }

    /** As a FHIR update (PUT): the resource replaces the one with its type and id, if any. */
    public synchronized void put(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        List<Resource> ofType = byType.get(resource.fhirType());
        if (ofType != null) {
            ofType.removeIf(r -> id.equals(r.getIdElement().getIdPart()));
        }
        byPatient.forEach((key, resources) -> {
            if (key.startsWith(resource.fhirType() + "|")) {
                resources.removeIf(r -> id.equals(r.getIdElement().getIdPart()));
            }
        });
        add(resource);
    }

    public Resource read(String type, String id) {
        return byType.getOrDefault(type, List.of()).stream()
                .filter(r -> id.equals(r.getIdElement().getIdPart())).findFirst().orElse(null);
    }

    public List<IBaseResource> search(String type, String patientId, TokenOrListParam code, TokenOrListParam status,
                                      DateRangeParam date, SortSpec sort) {
        List<Resource> found = new ArrayList<>();
        for (Resource r : byPatient.getOrDefault(type + "|" + patientId, List.of())) {
            if (matches(code, codes(r, "code")) && matches(status, statusOf(r)) && (date == null || overlaps(date, r))) {
                found.add(r);
            }
        }
        if (sort != null && "date".equals(sort.getParamName()) && (type.equals("Observation") || type.equals("Procedure"))) {
            Comparator<Resource> byDate = Comparator.comparing(r -> (r instanceof Observation o ? FhirDates.effective(o)
                    : FhirDates.performed((org.hl7.fhir.r4.model.Procedure) r)).map(FhirDates.When::instant).orElse(new java.util.Date(0)));
            found.sort(sort.getOrder() == SortOrderEnum.DESC ? byDate.reversed() : byDate);
        }
        return new ArrayList<>(found);
    }

    /**
     * FHIR date search on Observation's effective[x] and Procedure's performed[x], by whole days: the value's period
     * overlaps the searched range ("2025" matches ge2025-09-01). A result dated only by issued, or not at all, is not
     * found, as on a real server, whose date parameter indexes effective[x] (performed[x]) alone.
     */
    private static boolean overlaps(DateRangeParam range, Resource r) {
        org.hl7.fhir.r4.model.Type value = r instanceof Observation o ? o.getEffective()
                : r instanceof org.hl7.fhir.r4.model.Procedure p ? p.getPerformed() : null;
        LocalDate first;
        LocalDate last;
        if (value instanceof org.hl7.fhir.r4.model.Period period) {
            first = period.hasStart() ? FhirDates.of(period.getStartElement()).orElseThrow().date() : LocalDate.MIN;
            last = period.hasEnd() ? FhirDates.of(period.getEndElement()).orElseThrow().latestDate() : LocalDate.MAX;
        } else if (value instanceof BaseDateTimeType dateTime && dateTime.getValue() != null) {
            FhirDates.When when = FhirDates.of(dateTime).orElseThrow();
            first = when.date();
            last = when.latestDate();
        } else {
            return false;
        }
        LocalDate lower = range.getLowerBound() == null ? LocalDate.MIN : LocalDate.parse(range.getLowerBound().getValueAsString().substring(0, 10));
        LocalDate upper = range.getUpperBound() == null ? LocalDate.MAX : LocalDate.parse(range.getUpperBound().getValueAsString().substring(0, 10));
        return !last.isBefore(lower) && !first.isAfter(upper);
    }

    private static String patientOf(Resource r) {
        Property p = r.getNamedProperty(r instanceof Device ? "patient" : "subject");
        if (p == null || !p.hasValues() || !(p.getValues().get(0) instanceof Reference ref)) {
            return null;
        }
        return References.idPart(ref.getReference());
    }

    private static List<String> codes(Resource r, String element) {
        Property p = r.getNamedProperty(element);
        if (p == null || !p.hasValues() || !(p.getValues().get(0) instanceof CodeableConcept cc)) {
            return List.of();
        }
        return cc.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    private static List<String> statusOf(Resource r) {
        Property p = r.getNamedProperty("status");
        if (p == null || !p.hasValues()) {
            return List.of();
        }
        Base value = p.getValues().get(0);
        return value.primitiveValue() == null ? List.of() : List.of("|" + value.primitiveValue());
    }

    /** Any of the tokens; a token without a system matches the code alone. */
    private static boolean matches(TokenOrListParam tokens, List<String> values) {
        if (tokens == null) {
            return true;
        }
        for (TokenParam token : tokens.getValuesAsQueryTokens()) {
            for (String value : values) {
                String code = value.substring(value.indexOf('|') + 1);
                String system = value.substring(0, value.indexOf('|'));
                if (token.getValue().equals(code) && (token.getSystem() == null || token.getSystem().equals(system))) {
                    return true;
                }
            }
        }
        return false;
    }
}
