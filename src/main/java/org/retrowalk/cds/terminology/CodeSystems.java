package org.retrowalk.cds.terminology;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The code systems as real records name them, reduced to one canonical URL each (clinical specification,
 * section 3a): WHO ICD-10 and ICD-10-CM are one family, SNOMED CT is SNOMED CT in any edition or version,
 * ICD-10-PCS's hierarchy is its code like ICD-10's, and the HL7 v3 OIDs that older interfaces still send mean the
 * same systems as their URLs.
 */
public final class CodeSystems {

    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    public static final String LOINC = "http://loinc.org";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String ATC = "http://www.whocc.no/atc";
    public static final String CPT = "http://www.ama-assn.org/go/cpt";
    /** ICD-10-PCS, the US inpatient procedure codes: 0SRD0J9 is a left knee replaced with a synthetic substitute. */
    public static final String ICD10PCS = "http://www.cms.gov/Medicare/Coding/ICD10";

    /** One key for the ICD-10 family: codes of WHO ICD-10 and ICD-10-CM are compared as one. */
    private static final String ICD10_FAMILY = ICD10CM;

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry(ICD10, ICD10_FAMILY),
            Map.entry("urn:oid:2.16.840.1.113883.6.90", ICD10_FAMILY),
            Map.entry("urn:oid:2.16.840.1.113883.6.3", ICD10_FAMILY),
            Map.entry("urn:oid:2.16.840.1.113883.6.96", SNOMED),
            Map.entry("urn:oid:2.16.840.1.113883.6.1", LOINC),
            Map.entry("urn:oid:2.16.840.1.113883.6.88", RXNORM),
            Map.entry("urn:oid:2.16.840.1.113883.6.73", ATC),
            Map.entry("urn:oid:2.16.840.1.113883.6.12", CPT),
            Map.entry("urn:oid:2.16.840.1.113883.6.4", ICD10PCS),
            Map.entry("http://www.icd10data.com/icd10pcs", ICD10PCS));

    /** Systems whose hierarchy is the code itself: "is-a M17" is every code that starts with M17. */
    private static final Set<String> PREFIX_HIERARCHIES = Set.of(ICD10_FAMILY, ATC, ICD10PCS);

    /** Systems whose concepts the shipped value sets decide completely by the code: a hierarchy in the code, or listed codes. */
    private static final Set<String> DECIDED_BY_CODE = Set.of(ICD10_FAMILY, ATC, ICD10PCS, CPT);

    /** Standard systems a site's records are expected to use; a code from any other system is a local code. */
    private static final Set<String> STANDARD = Set.of(SNOMED, ICD10_FAMILY, LOINC, RXNORM, ATC, CPT, ICD10PCS);

    private CodeSystems() {
    }

    /** The canonical URL of a system as sent, or the system itself when it is not one we know under another name. */
    public static String canonical(String system) {
        if (system == null) {
            return null;
        }
        // Almost every coding names a system exactly as we do: answer those without building a string.
        if (system.equals(SNOMED) || system.equals(LOINC) || system.equals(RXNORM) || system.equals(ICD10CM)) {
            return system;
        }
        String trimmed = system.trim();
        String alias = ALIASES.get(trimmed);
        if (alias != null) {
            return alias;
        }
        // SNOMED CT editions and versions: http://snomed.info/sct/900000000000207008/version/20250731
        if (trimmed.startsWith(SNOMED + "/")) {
            return SNOMED;
        }
        if (trimmed.endsWith("/") && ALIASES.containsKey(trimmed.substring(0, trimmed.length() - 1))) {
            return ALIASES.get(trimmed.substring(0, trimmed.length() - 1));
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** A code as it is compared: ICD-10 and ATC without dots, spaces or letter case; others trimmed. */
    public static String normalizeCode(String canonicalSystem, String code) {
        String trimmed = code.trim();
        if (ICD10_FAMILY.equals(canonicalSystem) || ATC.equals(canonicalSystem) || ICD10PCS.equals(canonicalSystem)) {
            return trimmed.replace(".", "").replace(" ", "").toUpperCase(Locale.ROOT);
        }
        return trimmed;
    }

    public static boolean isPrefixHierarchy(String canonicalSystem) {
        return PREFIX_HIERARCHIES.contains(canonicalSystem);
    }

    /** ICD-10, ICD-10-PCS, ATC and CPT: a code of these systems is in a concept or not, with no need to read its words. */
    public static boolean decidesByCode(String canonicalSystem) {
        // Set.of(...).contains(null) throws: a coding without a system decides nothing.
        return canonicalSystem != null && DECIDED_BY_CODE.contains(canonicalSystem);
    }

    /** Known to this service: a standard terminology, or one of our own code systems. */
    public static boolean isKnown(String canonicalSystem) {
        return canonicalSystem != null && (STANDARD.contains(canonicalSystem) || canonicalSystem.startsWith(Terminology.BASE + "/"));
    }

    /** Short, stable label for metrics and reports: the URL itself, which carries no patient data. */
    public static String label(String canonicalSystem) {
        if (canonicalSystem == null || canonicalSystem.isBlank()) {
            return "(no system)";
        }
        String label = canonicalSystem.toLowerCase(Locale.ROOT).replaceAll("[\\s|]+", "_");
        return label.length() > 120 ? label.substring(0, 120) : label;
    }
}
