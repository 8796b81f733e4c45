package org.retrowalk.cds.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The storage cases on a real PostgreSQL: the throwaway cluster .ci/with-postgres starts (.ci/run always
 * does; PostgresRequiredTest fails the build there if it is missing, so CI can never skip these silently).
 */
@QuarkusTest
@TestProfile(AuditStoragePostgresTest.OnPostgres.class)
@EnabledIfEnvironmentVariable(named = "RETROWALK_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class AuditStoragePostgresTest extends AuditStorageTest {

    public static class OnPostgres implements QuarkusTestProfile {
        static final String URL = "RETROWALK_TEST_POSTGRES_URL";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "retrowalk.database", "postgresql",
                    "quarkus.datasource.postgresql.jdbc.url", System.getenv(URL),
                    "quarkus.datasource.postgresql.username", System.getenv("RETROWALK_TEST_POSTGRES_USER"),
                    "quarkus.datasource.postgresql.password", System.getenv("RETROWALK_TEST_POSTGRES_PASSWORD"));
        }
    }

    @Override
    String expectedDatabase() {
        return "postgresql";
    }
}
