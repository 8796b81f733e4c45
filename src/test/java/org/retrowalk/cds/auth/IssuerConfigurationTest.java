package org.retrowalk.cds.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.config.AuthSettings;
import org.retrowalk.cds.config.RetrowalkConfig;

/** What start-up refuses in the trusted issuers, and how the audience base is read. */
public class IssuerConfigurationTest {

    public static AuthSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RetrowalkConfig.class)
                // Quarkus' own reading of "60s" and "1h", as the service gets it.
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 100, new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(RetrowalkConfig.class).auth();
    }

    @Test
    void twoIssuerEntriesWithOneIssAreRefusedAtStartUp() {
        TestKeys.ensure();
        String jwks = TestKeys.DIRECTORY.resolve("ec-jwks.json").toString();
        AuthSettings twins = settings(Map.of(
                "retrowalk.auth.audience", "https://cds.test/cds-services",
                "retrowalk.auth.issuers.first.iss", "https://ehr.test", "retrowalk.auth.issuers.first.jwks-file", jwks,
                "retrowalk.auth.issuers.second.iss", "https://ehr.test", "retrowalk.auth.issuers.second.jwks-file", jwks));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new JwtAuthenticator(twins));
        assertTrue(e.getMessage().contains("both have iss https://ehr.test"), e.getMessage());
    }

    @Test
    void theAudienceIsThePublicBaseOfCdsServices() {
        assertEquals("https://cds.example.org", JwtAuthenticator.publicBase("https://cds.example.org/cds-services"));
        assertEquals("https://cds.example.org", JwtAuthenticator.publicBase("https://cds.example.org/cds-services/"));
        assertEquals("https://cds.example.org/cds", JwtAuthenticator.publicBase("https://cds.example.org/cds"));
    }
}
