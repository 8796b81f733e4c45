package org.retrowalk.cds.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.platform.Readiness;

/** Readiness before the warm-up: the running service is always past it, so this is where DOWN is shown. */
class WarmUpCheckTest {

    @Test
    void downUntilTheWarmUpHasRun() {
        Readiness readiness = new Readiness();
        // the rule set is only read once warm: before that the check must not need it
        HealthCheckResponse before = new WarmUpCheck(readiness, null).call();
        assertEquals(HealthCheckResponse.Status.DOWN, before.getStatus());
        assertEquals("the warm-up: a first request, then the synthetic load (retrowalk.warm-up.load)", before.getData().orElseThrow().get("waiting for"));
    }
}
