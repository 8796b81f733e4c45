package org.retrowalk.cds.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;

/**
 * The audit database: the datasource retrowalk.database selects (embedded H2 or PostgreSQL), migrated to the
 * current schema by Flyway during start-up, before the first request can use it.
 */
@Startup
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);
    static final Set<String> KINDS = Set.of("embedded", "postgresql");

    private final AgroalDataSource dataSource;
    private final String kind;
    private final CompletableFuture<Void> migrated;

    @Inject
    public Database(@Any InjectableInstance<AgroalDataSource> dataSources,
                    RetrowalkConfig config) {
        String kind = config.database();
        Path dataDir = config.dataDir();
        if (!KINDS.contains(kind)) {
            throw new IllegalStateException("retrowalk.database must be one of " + KINDS + ", not '" + kind + "'");
        }
        this.kind = kind;
        if (kind.equals("embedded")) {
            if (!dataDir.isAbsolute() && !dataDir.toString().startsWith(".")) {
                // H2 refuses implicitly relative paths in its URL
                throw new IllegalStateException("retrowalk.data-dir must be absolute or start with ./ (not '" + dataDir + "')");
            }
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create retrowalk.data-dir " + dataDir.toAbsolutePath(), e);
            }
        }
        this.dataSource = dataSources.select(new DataSource.DataSourceLiteral(kind)).get();
        // On its own thread, beside the CDS warm-up: the two together take the start-up's second core
        this.migrated = new CompletableFuture<>();
        Thread migration = new Thread(this::migrate, "database-migration");
        migration.setDaemon(true);
        migration.start();
    }

    /** Start-up ends only once the schema is current; a database that cannot be migrated stops the service. */
    void awaitMigration(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) {
        try {
            migrated.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("The audit database could not be migrated: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A connection to the migrated database; waits for the migration while start-up runs it. */
    public Connection connection() throws SQLException {
        try {
            migrated.join();
        } catch (CompletionException e) {
            throw new SQLException("the audit database could not be migrated", "08000", e.getCause());
        }
        return dataSource.getConnection();
    }

    private void migrate() {
        try {
            long started = System.nanoTime();
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.infof("Audit database: %s, schema version %s (%d migrations applied) in %d ms", kind,
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted,
                    (System.nanoTime() - started) / 1_000_000);
            migrated.complete(null);
        } catch (RuntimeException | Error e) {
            migrated.completeExceptionally(e);
        }
    }

    public String kind() {
        return kind;
    }
}
