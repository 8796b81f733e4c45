package org.retrowalk.cds.audit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Where CI says PostgreSQL is required (.ci/run), its absence is a failure, not a quietly skipped test class. */
@EnabledIfEnvironmentVariable(named = "RETROWALK_TEST_POSTGRES_REQUIRED", matches = "true")
class PostgresRequiredTest {

    @Test
    void theThrowawayClusterIsThere() {
        assertNotNull(System.getenv(AuditStoragePostgresTest.OnPostgres.URL),
                "RETROWALK_TEST_POSTGRES_URL is not set: run the tests through .ci/with-postgres");
    }
}
