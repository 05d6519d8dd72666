package com.salesrender.plugin.chat.platform;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * A start that cannot succeed (a wrong configuration value, the database unreachable) ends the process on Payara
 * Micro, which would otherwise print "ready" and go on serving 404s without the plugin: the reason goes to standard
 * error and the process exits with status 1, so a supervisor (systemd, Docker, Kubernetes) sees the failure. On a
 * full application server, which may hold other applications, only the deployment fails.
 *
 * <p>The process ends at once, on the thread that found the failure, before it returns to the server. Payara Micro runs
 * the post-deploy command file, which opens the HTTP listener, as soon as the deployment returns, failed or not, so
 * the port would answer 404, 500 and HTML 503 pages until the process had gone; and the server's own shutdown cannot
 * run before the deployment returns (it waits for it), so there is none to wait for. Ending there is what a crash or a
 * {@code kill -9} does: the broker's store and the database recover from it, and nothing was served.
 */
public final class FailedStart {

    private static final Logger LOG = Logger.getLogger(FailedStart.class.getName());

    /** The exit status of a failed start. */
    public static final int EXIT_STATUS = 1;

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private FailedStart() {
    }

    /**
     * Reports the reason and, on Payara Micro, ends the process without returning; elsewhere answers the exception for
     * the caller to throw, which fails the deployment.
     */
    public static RuntimeException stop(String reason, RuntimeException cause) {
        String line = "The chat plugin cannot start: " + reason;
        LOG.log(Level.SEVERE, line, cause);
        if (onPayaraMicro() && STOPPING.compareAndSet(false, true)) {
            closeEmbeddedDatabase();
            flushLog();
            // Straight to file descriptor 2: the server routes System.err into its log.
            PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            stderr.println(line);
            stderr.println("Payara Micro is stopped (exit status " + EXIT_STATUS + ").");
            stderr.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        return cause;
    }

    /**
     * The embedded H2 database is closed first, if it is open: H2's file store did not always survive being ended in
     * the middle of a write (a "Double mark" on the next open). At most a few seconds: the database may be what
     * failed, and then there is nothing to close. PostgreSQL needs nothing.
     */
    private static void closeEmbeddedDatabase() {
        Thread close = new Thread(() -> {
            try {
                DataSource data = InitialContext.doLookup("jdbc/chatPlugin");
                try (Connection connection = data.getConnection(); Statement statement = connection.createStatement()) {
                    if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                        statement.execute("SHUTDOWN");
                    }
                }
            } catch (NamingException | SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "The database was not closed before the exit", e);
            }
        }, "chat-plugin-failed-start-database");
        close.setDaemon(true);
        close.start();
        try {
            close.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's log handlers may buffer: what they hold is written before the process ends. */
    private static void flushLog() {
        System.out.flush();
        System.err.flush();
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
    }

    /** Payara Micro's launcher is on the system class path; a full server has no such class. */
    static boolean onPayaraMicro() {
        return ClassLoader.getSystemClassLoader().getResource("fish/payara/micro/PayaraMicro.class") != null;
    }
}
