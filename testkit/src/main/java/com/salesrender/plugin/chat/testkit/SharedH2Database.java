package com.salesrender.plugin.chat.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * One H2 database that several plugin processes share, served over TCP by the test JVM: the embedded H2 file of the
 * test set-up can be opened by one process only, and several instances of a plugin must share one database (their
 * tasks, leases and uploads). {@link PluginServer.Builder#database(SharedH2Database)} points a server's pool at it.
 *
 * <pre>
 * try (SharedH2Database database = SharedH2Database.start(work.resolve("database"))) {
 *     PluginServer one = PluginServer.builder(work.resolve("one")).database(database).start();
 *     ...
 * }
 * </pre>
 *
 * The server is H2 {@code 2.2.224}, the client Payara Micro 6 carries (a server of another version may not speak its
 * protocol). It listens on a free port (local connections only) and creates the database on first use.
 */
public final class SharedH2Database implements AutoCloseable {

    /** The database's name under the folder. */
    private static final String NAME = "chat-plugin";

    private final Server server;

    private SharedH2Database(Server server) {
        this.server = server;
    }

    /** Starts the TCP server, the database files in {@code folder} (created if absent). */
    public static SharedH2Database start(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            Server server = Server.createTcpServer(
                            "-tcpPort",
                            String.valueOf(PluginServer.freePort()),
                            "-baseDir",
                            folder.toAbsolutePath().toString(),
                            "-ifNotExists")
                    .start();
            return new SharedH2Database(server);
        } catch (SQLException e) {
            throw new IOException("The H2 TCP server did not start", e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /**
     * The JDBC URL of the shared database, for a client in any process on this machine. Each commit is written to the
     * file before it returns ({@code WRITE_DELAY=0}, as the plugin's own H2 file).
     */
    public String jdbcUrl() {
        return "jdbc:h2:tcp://localhost:" + port() + "/" + NAME + ";WRITE_DELAY=0";
    }

    @Override
    public void close() {
        server.stop();
    }
}
