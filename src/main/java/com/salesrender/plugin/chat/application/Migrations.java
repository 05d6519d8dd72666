package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and evolves the schema with versioned scripts before anything else touches the database: the core's
 * ({@code db/migration}), then the plugin's own ({@code db/plugin}), each with its own history table. Scripts that
 * differ per database sit in a folder named for it ({@code h2}, {@code postgresql}). A script that fails ends the
 * start.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class Migrations {

    /** The history of the plugin's own scripts; the core's is Flyway's default, {@code flyway_schema_history}. */
    static final String PLUGIN_HISTORY = "plugin_schema_history";

    /**
     * Scripts a newer version applied are left alone (Flyway's default, said here so that a rollback keeps working): an
     * older version starts on a schema a newer one migrated, as long as those scripts only added to it (see
     * docs/operations.md, "Upgrades and rollback").
     */
    static final String NEWER_VERSIONS = "*:future";

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            String vendor = vendor();
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    // Common migrations, then what differs per database.
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                    // Flyway 10 and later no longer fill in a {vendor} placeholder, which this location once used:
                    // databases made since then lack the vendor scripts below their version (V15), and run them now.
                    .outOfOrder(true)
                    .ignoreMigrationPatterns(NEWER_VERSIONS)
                    .load()
                    .migrate();
            migratePlugin(vendor);
        } catch (RuntimeException e) {
            throw FailedStart.stop("the database could not be prepared: " + e.getMessage(), e);
        }
    }

    /**
     * The plugin's scripts, numbered on their own (V1, V2...) beside the core's. The schema already holds the core's
     * tables, so the first run records a baseline (version 0) below the plugin's first script instead of refusing a
     * schema it did not create; a database that existed before the plugin had scripts gets them all. A plugin without
     * scripts gets no history table.
     */
    private void migratePlugin(String vendor) {
        Flyway plugin = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .table(PLUGIN_HISTORY)
                .locations("classpath:db/plugin", "classpath:db/plugin-vendor/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                // Flyway writes the description into its SQL unescaped (PostgreSQL): no quote in it.
                .baselineDescription("Baseline below the plugin scripts")
                .ignoreMigrationPatterns(NEWER_VERSIONS)
                .load();
        if (plugin.info().all().length > 0) {
            plugin.migrate();
        }
    }

    /** The database's kind, which names its folders: {@code h2}, {@code postgresql}. */
    public String vendor() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
