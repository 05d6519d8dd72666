package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Creates and evolves the schema with versioned scripts before anything else touches the database. */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class Migrations {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    // Common migrations, then what differs per database ({vendor}: h2, postgresql).
                    .locations("classpath:db/migration", "classpath:db/vendor/{vendor}")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw FailedStart.stop("the database could not be prepared: " + e.getMessage(), e);
        }
    }
}
