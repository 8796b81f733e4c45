package org.retrowalk.cds.facts;

import java.util.List;

/**
 * The fractures of the record: those within the fracture window (rules/parameters.yaml, fractureMonths; undated ones
 * are possibly recent) and those at any time. R17 reads the recent fractures of the lower limb, pelvis or spine; the
 * fall reading presumes a fall from a recent fragility-site fracture; R46 and R14/R15 read fragility fractures through
 * {@link Comorbidities}.
 */
public final class Fractures {

    private final List<Fracture> recent;
    private final List<Fracture> all;

    public Fractures(List<Fracture> recent, List<Fracture> all) {
        this.recent = List.copyOf(recent);
        this.all = List.copyOf(all);
    }

    public List<Fracture> getRecent() {
        return recent;
    }

    public List<Fracture> getAll() {
        return all;
    }

    /** R17: a fracture of the lower limb, pelvis or spine within the window. */
    public boolean isRecentLowerLimbOrSpine() {
        return recent.stream().anyMatch(Fracture::lowerLimbOrSpine);
    }

    /** The recent fractures of the lower limb, pelvis or spine, as the card names them. */
    public String describeRecentLowerLimbOrSpine() {
        return String.join("; ", recent.stream().filter(Fracture::lowerLimbOrSpine).map(Fracture::describe).distinct().toList());
    }
}
