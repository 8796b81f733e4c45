package org.retrowalk.cds.clinical;

/** Table 4's mobility row: a cane or walker (R48), or a wheelchair (non-ambulatory, severe: R11). */
public final class Mobility {
    private final MobilityAid aid;

    public Mobility(MobilityAid aid) {
        this.aid = aid;
    }

    public MobilityAid getAid() {
        return aid;
    }

    public boolean isCaneOrWalker() {
        return aid == MobilityAid.CANE || aid == MobilityAid.WALKER;
    }

    public boolean isWheelchair() {
        return aid == MobilityAid.WHEELCHAIR;
    }

    public boolean isAnyAid() {
        return aid != MobilityAid.NONE;
    }
}
