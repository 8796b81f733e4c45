package org.retrowalk.cds.facts;

/** A walking aid of table 4's mobility row. */
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
