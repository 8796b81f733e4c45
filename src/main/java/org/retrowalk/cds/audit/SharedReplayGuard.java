package org.retrowalk.cds.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.jboss.logging.Logger;
import org.retrowalk.cds.auth.ReplayCache;
import org.retrowalk.cds.auth.ReplayGuard;

/**
 * Where the jti values of client tokens are remembered. On PostgreSQL, in the database every replica shares: a
 * unique insert per (issuer, jti), which succeeds once while the first use has not expired, so that a token
 * replayed to another replica is refused. Embedded storage is one replica's own: it keeps the in-memory cache.
 * If PostgreSQL cannot be reached, this replica's own memory refuses replays to it (logged), rather than
 * refusing every EHR while the database is away.
 */
@ApplicationScoped
public class SharedReplayGuard implements ReplayGuard {

    private static final Logger LOG = Logger.getLogger(SharedReplayGuard.class);
    // Inserts the first use; replaces a row only once it has expired, so a live jti answers "0 rows".
    private static final String FIRST_USE = "INSERT INTO seen_jti (jti_key, expires_at) VALUES (?, ?) "
            + "ON CONFLICT (jti_key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE seen_jti.expires_at < ?";
    private static final String PURGE = "DELETE FROM seen_jti WHERE expires_at < ?";

    private final Database database;
    private final boolean shared;
    private final ReplayCache local = new ReplayCache();
    private volatile long nextPurge;

    @Inject
    public SharedReplayGuard(Database database) {
        this.database = database;
        this.shared = "postgresql".equals(database.kind());
    }

    @Override
    public boolean firstUse(String issuer, String jti, long expiresAtMillis, long nowMillis) {
        boolean locallyFirst = local.firstUse(issuer, jti, expiresAtMillis, nowMillis);
        if (!shared || !locallyFirst) {
            return locallyFirst;
        }
        try (Connection connection = database.connection(); PreparedStatement insert = connection.prepareStatement(FIRST_USE)) {
            OffsetDateTime now = OffsetDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
            insert.setString(1, key(issuer, jti));
            insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(expiresAtMillis), ZoneOffset.UTC));
            insert.setObject(3, now);
            boolean first = insert.executeUpdate() == 1;
            purge(connection, nowMillis, now);
            return first;
        } catch (SQLException e) {
            LOG.warnf("jti store unavailable (SQL state %s): replays are refused by this replica only", e.getSQLState());
            return true;
        }
    }

    private void purge(Connection connection, long nowMillis, OffsetDateTime now) throws SQLException {
        if (nowMillis < nextPurge) {
            return;
        }
        nextPurge = nowMillis + 60_000;
        try (PreparedStatement purge = connection.prepareStatement(PURGE)) {
            purge.setObject(1, now);
            purge.executeUpdate();
        }
    }

    private static String key(String issuer, String jti) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((issuer + "\u0000" + jti).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
