package org.retrowalk.cds.parameters;

/**
 * The balance and mobility tests of table 4. {@code performanceTest} is false for the Morse Fall Scale:
 * it is classified like the others but, being a risk score, does not count as a balance test for R21.
 */
public enum BalanceTest {
    TUG("tug", "balance-tug", "Timed Up and Go", "s", true),
    BBS("bbs", "balance-bbs", "Berg Balance Scale", "/56", true),
    CST30("cst30", "balance-cst30", "30-s chair stand", "stands", true),
    FOUR_STAGE_TANDEM("four-stage-tandem", "balance-four-stage-tandem", "4-stage balance: tandem stance", "s", true),
    FOUR_STAGE_SEMITANDEM("four-stage-semitandem", "balance-four-stage-semitandem", "4-stage balance: semi-tandem stance", "s", true),
    SLS("sls", "balance-sls", "Single-leg stance", "s", true),
    FGA("fga", "balance-fga", "Functional Gait Assessment", "/30", true),
    DGI("dgi", "balance-dgi", "Dynamic Gait Index", "/24", true),
    BWT3M("bwt3m", "balance-bwt3m", "3-m backward walk test", "s", true),
    MORSE("morse", "morse-fall-scale", "Morse Fall Scale", "points", false);

    private final String code;
    private final String valueSetId;
    private final String title;
    private final String unit;
    private final boolean performanceTest;

    BalanceTest(String code, String valueSetId, String title, String unit, boolean performanceTest) {
        this.code = code;
        this.valueSetId = valueSetId;
        this.title = title;
        this.unit = unit;
        this.performanceTest = performanceTest;
    }

    public String code() {
        return code;
    }

    public String valueSetId() {
        return valueSetId;
    }

    public String title() {
        return title;
    }

    public String unit() {
        return unit;
    }

    public boolean performanceTest() {
        return performanceTest;
    }

    /** Whether the test is timed in seconds (values given in minutes are converted). */
    public boolean timed() {
        return "s".equals(unit);
    }
}
