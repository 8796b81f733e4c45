package org.retrowalk.cds.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.retrowalk.cds.audit.Database;

/** Keeps each merged screen's counts in the audit database, where the governance dashboard shows them. */
@ApplicationScoped
public class ScreenStore {

    private final Database database;

    @Inject
    public ScreenStore(Database database) {
        this.database = database;
    }

    public void record(ScreenSummary summary, String label) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO panel_screen (screen_id, finished_at, label, shares, patients, "
                     + "deceased, without_patient, knee_oa, recommend, modify, assess_first, advise_against, millis) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(3, label.length() > 200 ? label.substring(0, 200) : label);
            insert.setInt(4, summary.shares());
            insert.setLong(5, summary.patients());
            insert.setLong(6, summary.deceased());
            insert.setLong(7, summary.withoutPatientResource());
            insert.setLong(8, summary.kneeOa());
            insert.setLong(9, summary.byOutcome().getOrDefault("RECOMMEND", 0L));
            insert.setLong(10, summary.byOutcome().getOrDefault("MODIFY", 0L));
            insert.setLong(11, summary.byOutcome().getOrDefault("ASSESS_FIRST", 0L));
            insert.setLong(12, summary.byOutcome().getOrDefault("ADVISE_AGAINST", 0L));
            insert.setLong(13, summary.millis());
            insert.executeUpdate();
        }
    }
}
