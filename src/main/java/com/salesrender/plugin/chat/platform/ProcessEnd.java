package com.salesrender.plugin.chat.platform;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Ends the Payara Micro process at once with a given status (a failed start; a stop once its work is done): the
 * embedded database closed, the log flushed, the lines written to standard error, then {@code Runtime.halt}. The
 * server's own shutdown is not waited for: it would undeploy the plugin under requests still arriving, and answer them
 * with 500s and HTML pages; nothing it does is needed once the plugin's work has ended.
 */
public final class ProcessEnd {

    private static final Logger LOG = Logger.getLogger(ProcessEnd.class.getName());

    private ProcessEnd() {}

    public static void now(int status, String... lines) {
        closeEmbeddedDatabase();
        flushLog();
        // Straight to file descriptor 2: the server routes System.err into its log.
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        for (String line : lines) {
            stderr.println(line);
        }
        stderr.flush();
        removeTemporaryRuntime();
        Runtime.getRuntime().halt(status);
    }

    /**
     * Payara Micro unpacks its runtime (about 120 MB) into a folder of the temp folder and marks it to be deleted when
     * the JVM exits, which {@code halt} skips: every start would leave one behind. The folder goes here, the last thing
     * before the halt (open files stay readable until then); a root folder the operator gave ({@code --rootdir}) is
     * never one of them and stays.
     */
    private static void removeTemporaryRuntime() {
        String root = System.getProperty("com.sun.aas.instanceRoot");
        if (root == null) {
            return;
        }
        Path runtime = Path.of(root).toAbsolutePath().normalize();
        Path temp =
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (runtime.getFileName() == null
                || !runtime.getFileName().toString().startsWith("payaramicro-rt")
                || !temp.equals(runtime.getParent())) {
            return;
        }
        try (Stream<Path> paths = Files.walk(runtime)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "The unpacked runtime " + runtime + " was not removed", e);
        }
    }

    /**
     * The embedded H2 database is closed first, if it is open: a clean close leaves nothing to recover at the next
     * start. At most a few seconds: the database may be what failed, and then there is nothing to close. PostgreSQL
     * needs nothing (its sessions' transactions have ended, or roll back).
     */
    private static void closeEmbeddedDatabase() {
        Thread close = new Thread(
                () -> {
                    try {
                        DataSource data = InitialContext.doLookup("jdbc/chatPlugin");
                        // The connection is not given back: the pool's bookkeeping on a closed database logs a SEVERE
                        // error,
                        // and the process ends next.
                        Connection connection = data.getConnection();
                        if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute("SHUTDOWN");
                            }
                        } else {
                            connection.close();
                        }
                    } catch (NamingException | SQLException | RuntimeException e) {
                        LOG.log(Level.FINE, "The database was not closed before the exit", e);
                    }
                },
                "chat-plugin-process-end-database");
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
}
