package org.retrowalk.cds.facts;

import java.util.EnumSet;
import java.util.Set;

/**
 * Table 4's mobility row, from every walking aid in use: a cane or walker (R48), a wheelchair
 * (non-ambulatory, severe: R11). A patient can use several; each counts.
 */
public final class Mobility {
    private final Set<MobilityAid> aids;

    public Mobility(Set<MobilityAid> aids) {
        this.aids = aids.isEmpty() ? EnumSet.noneOf(MobilityAid.class) : EnumSet.copyOf(aids);
        this.aids.remove(MobilityAid.NONE);
    }

    public Set<MobilityAid> getAids() {
        return aids;
    }

    public boolean isCaneOrWalker() {
        return aids.contains(MobilityAid.CANE) || aids.contains(MobilityAid.WALKER);
    }

    public boolean isWheelchair() {
        return aids.contains(MobilityAid.WHEELCHAIR);
    }

    public boolean isAnyAid() {
        return !aids.isEmpty();
    }

    /** "a cane", "a walker and a wheelchair", "no walking aid". */
    public String words() {
        if (aids.isEmpty()) {
            return MobilityAid.NONE.words();
        }
        return String.join(" and ", aids.stream().map(MobilityAid::words).toList());
    }

    /** The cane or walker in words, for R48. */
    public String caneOrWalkerWords() {
        return String.join(" and ", aids.stream().filter(a -> a == MobilityAid.CANE || a == MobilityAid.WALKER)
                .map(MobilityAid::words).toList());
    }
}
