package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.RepeatedFailure;
import com.salesrender.plugin.chat.platform.Stopping;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the embedded H2 database's file near the size of its data. The pool's URL sets {@code WRITE_DELAY=0}, so each
 * commit is written before it returns (a {@code kill -9} loses nothing answered); H2 then runs no background writer,
 * and with it none of its own compaction. Every commit appends a chunk holding each B-tree page it changed (tens of KiB
 * for one message's row and indexes), and a chunk that still holds one live page is never freed: a full benchmark run
 * grew the file to 26 GB, and then H2 timed out on its locks. Every {@value #EVERY_SECONDS} s this does what H2's
 * background writer would: it rewrites the live pages of the sparsest chunks older than H2's retention time (45 s) into
 * a new chunk ({@link MVStore#compact}, at most {@value #WRITE_MIB} MiB a run), so the old chunks die and the next
 * commits reuse their space. Nothing to do on PostgreSQL, which vacuums its own files.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EmbeddedDatabaseCompaction {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseCompaction.class.getName());

    static final int EVERY_SECONDS = 5;

    /** Chunks whose live share is below this are rewritten (H2's background writer aims at 90 when idle). */
    static final int TARGET_FILL_PERCENT = 80;

    /** Live pages rewritten in one run at most: a run holds H2's store lock, so commits wait meanwhile. */
    static final int WRITE_MIB = 16;

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @EJB
    Migrations migrations;

    private final RepeatedFailure failures = new RepeatedFailure(LOG, "Compacting the H2 database file");

    @PostConstruct
    void start() {
        if (migrations.vendor().equals("h2")) {
            long every = Duration.ofSeconds(EVERY_SECONDS).toMillis();
            timers.createIntervalTimer(every, every, new TimerConfig(null, false));
        }
    }

    /**
     * Not once a stop has begun: the database closes under it then, and every stop of a benchmark run logged a SEVERE
     * and a warning with their stacks for a compaction that could only fail.
     */
    @Timeout
    void compactNowAndThen() {
        if (Stopping.underway()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            compact(h2(connection));
            failures.succeeded();
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            // The database away or stopping: the next run tries again.
            failures.failed(() -> "Compacting the H2 database file failed", e);
        }
    }

    /**
     * H2's own connection under the pool's: Payara wraps each in proxies that cannot be unwrapped to a class, and its
     * pool's {@code com.sun.appserv.jdbc.DataSource} answers the connection under a wrapper.
     */
    private JdbcConnection h2(Connection pooled) throws ReflectiveOperationException {
        return (JdbcConnection) dataSource
                .getClass()
                .getMethod("getConnection", Connection.class)
                .invoke(dataSource, pooled);
    }

    /**
     * One run on an H2 connection: answers whether any chunk was rewritten. An H2 server reached over TCP (a URL
     * {@code jdbc:h2:tcp:...}) keeps its own file, with its own background writer: nothing to do here.
     */
    static boolean compact(JdbcConnection connection) {
        if (!(connection.getSession() instanceof SessionLocal local)) {
            return false;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        boolean rewritten = store.compact(TARGET_FILL_PERCENT, WRITE_MIB * 1024 * 1024);
        // FINE: whether a run rewrote anything, and how full the file and its chunks are (what tells it keeps up).
        LOG.fine(() -> "H2 compaction: rewritten " + rewritten + ", file "
                + store.getFileStore().size() / 1048576
                + " MiB, file fill " + store.getFillRate() + "%, chunks fill "
                + store.getFileStore().getChunksFillRate() + "%");
        return rewritten;
    }
}
