package org.retrowalk.cds.facts;

/** Pregnancy (R39; section 5a): an active pregnancy Condition, or the latest pregnancy-status result saying pregnant. */
public final class Pregnancy {
    private final boolean pregnant;
    private final String evidence;

    public Pregnancy(boolean pregnant, String evidence) {
        this.pregnant = pregnant;
        this.evidence = evidence;
    }

    public boolean isPregnant() {
        return pregnant;
    }

    /** What the record says, as the card names it: "Normal pregnancy since 2026-05-01"; null when not pregnant. */
    public String getEvidence() {
        return evidence;
    }
}
