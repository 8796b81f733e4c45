package org.retrowalk.cds.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's and the training run's case requests are the case tables as they are now. */
class WarmUpRequestsTest {

    @Test
    void theCaseRequestsFileIsCurrent() throws Exception {
        List<String> expected = WarmUpRequestsWriter.requests();
        assertTrue(expected.size() > 100, "every clinical and order case: " + expected.size());
        assertEquals(expected, WarmUpRequestsWriter.read(),
                WarmUpRequestsWriter.FILE + " is stale: run WarmUpRequestsWriter from the project root (docs/tests.md)");
    }
}
