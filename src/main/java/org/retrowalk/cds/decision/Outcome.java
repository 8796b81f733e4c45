package org.retrowalk.cds.decision;

/** What the rules advise; declared from the most restrictive, which wins when several rules fire. */
public enum Outcome {
    NO_CARD,
    ADVISE_AGAINST,
    ASSESS_FIRST,
    MODIFY,
    RECOMMEND;

    public boolean moreRestrictiveThan(Outcome other) {
        return ordinal() < other.ordinal();
    }
}
