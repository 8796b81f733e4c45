package org.retrowalk.cds.parameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** rules/parameters.yaml reads as the specification's defaults, and a typo stops start-up. */
class ClinicalParametersTest {

    static String parametersYaml() throws Exception {
        return Files.readString(Path.of("rules", "parameters.yaml"));
    }

    @Test
    void defaultsAreTheSpecificationsValues() throws Exception {
        ClinicalParameters p = ClinicalParameters.read(new ByteArrayInputStream(parametersYaml().getBytes(StandardCharsets.UTF_8)));
        assertEquals(90, p.windows().painWindowDays());
        assertEquals(365, p.windows().balanceWindowDays());
        assertEquals(12, p.windows().arthroplastyWeeks());
        assertEquals(3, p.rules().maxModifiers());
        assertEquals(80, p.age().oldest());
        assertEquals(14, p.chairStandNormFor(50).male(), "under 60 uses the 60-64 row");
        assertEquals(4, p.chairStandNormFor(97).female(), "95 and over use the 90-94 row");
        assertEquals(3, p.prescription().sessionsPerWeek());
    }

    @Test
    void aMistypedKeyIsRefused() throws Exception {
        String typo = parametersYaml().replace("painWindowDays", "painWindowDay");
        assertThrows(Exception.class, () -> ClinicalParameters.read(new ByteArrayInputStream(typo.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aMissingTestBoundIsRefused() throws Exception {
        String missing = parametersYaml().replace("  dgi:", "  dgi-renamed:");
        assertThrows(Exception.class, () -> ClinicalParameters.read(new ByteArrayInputStream(missing.getBytes(StandardCharsets.UTF_8))));
    }
}
