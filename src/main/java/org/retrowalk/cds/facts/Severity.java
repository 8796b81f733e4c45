package org.retrowalk.cds.facts;

/** A balance result's classification by table 4; later constants are more severe. */
public enum Severity {
    NORMAL,
    IMPAIRED,
    SEVERE;

    public Severity worse(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
