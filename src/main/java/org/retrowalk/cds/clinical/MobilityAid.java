package org.retrowalk.cds.clinical;

/** The most supportive walking aid in use; later constants are more supportive. */
public enum MobilityAid {
    NONE("no walking aid"),
    CANE("a cane"),
    WALKER("a walker"),
    WHEELCHAIR("a wheelchair");

    private final String words;

    MobilityAid(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
