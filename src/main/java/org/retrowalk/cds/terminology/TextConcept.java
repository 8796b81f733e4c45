package org.retrowalk.cds.terminology;

/**
 * The concepts that may be recognised from words (clinical specification, sections 3a and 5a), by their key in the
 * word files of fhir-profiles/words/, with the words a card names them by. The two fracture sites only locate a
 * fracture already found; they are not concepts of their own.
 */
public enum TextConcept {
    WHEELCHAIR("wheelchair", "a wheelchair"),
    WALKER("walker", "a walker"),
    CANE("cane", "a cane"),
    FALL("fall", "a fall"),
    INJURY("injury", "an injury"),
    FRACTURE("fracture", "a fracture"),
    JOINT_ARTHROPLASTY("joint-arthroplasty", "a hip or knee replacement"),
    FRACTURE_SITE_LOWER_LIMB_SPINE("fracture-site-lower-limb-spine", "a fracture of the lower limb, pelvis or spine"),
    FRACTURE_SITE_FRAGILITY("fracture-site-fragility", "a fracture at a fragility site");

    private final String key;
    private final String words;

    TextConcept(String key, String words) {
        this.key = key;
        this.words = words;
    }

    /** The concept's key in the word files. */
    public String key() {
        return key;
    }

    /** How the card names what was found: "a wheelchair". */
    public String words() {
        return words;
    }

    /** A site: found only within a fracture's own words, without negations (they were read for the fracture). */
    boolean isSite() {
        return this == FRACTURE_SITE_LOWER_LIMB_SPINE || this == FRACTURE_SITE_FRAGILITY;
    }
}
