package com.salesrender.plugin.chat.admin;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An online backup of the embedded H2 database: H2's {@code BACKUP TO} copies the database file into a zip while the
 * plugin goes on working, and the copy is consistent (H2's store writes changes beside the data it holds, never over
 * it, while a backup runs). The zip is written beside the database, opened for the caller and deleted. PostgreSQL and
 * an H2 database served by a process of its own are backed up with their own tools, so they are refused.
 */
@ApplicationScoped
public class DatabaseBackup {

    private static final Logger LOG = Logger.getLogger(DatabaseBackup.class.getName());

    /** What a backup's file is called while it is written and read; one left over by a crash is deleted later. */
    static final String IN_PROGRESS = "backup-in-progress-";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    /**
     * One backup at a time: H2 keeps its store from reusing space until a backup ends, and the first of two backups to
     * end would let it reuse space under the other.
     */
    private final ReentrantLock running = new ReentrantLock();

    /** A backup taken: its file name for the caller, and its bytes (close it once read). */
    public record Backup(String fileName, long size, InputStream content) {}

    /**
     * Takes a backup now.
     *
     * @throws ApiError 409 on PostgreSQL, on an H2 database this process does not hold, and while another backup runs
     */
    public Backup take() {
        if (!running.tryLock()) {
            throw ApiError.wrongState("A backup is already running; ask again when it has ended");
        }
        try (Connection connection = dataSource.getConnection()) {
            Path database = embeddedH2File(connection);
            Path folder = database.getParent();
            deleteLeftovers(folder);
            Path zip = folder.resolve(IN_PROGRESS + UUID.randomUUID() + ".zip");
            long started = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
            }
            long size = Files.size(zip);
            InputStream content = Files.newInputStream(zip);
            // Deleted at once: the open stream still reads it (POSIX), and nothing is left behind if it is never read.
            if (!deleted(zip)) {
                content = new DeletedWhenClosed(content, zip);
            }
            LOG.info("Database backup of " + size + " bytes written in " + (System.nanoTime() - started) / 1_000_000
                    + " ms");
            String name = "chat-plugin-" + STAMP.format(Instant.now()) + ".zip";
            return new Backup(name, size, content);
        } catch (SQLException e) {
            throw new IllegalStateException("The database backup failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("The database backup could not be read: " + e.getMessage(), e);
        } finally {
            running.unlock();
        }
    }

    /** The database file (without H2's {@code .mv.db}) of the H2 database this process holds; 409 for any other. */
    private static Path embeddedH2File(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (!"H2".equalsIgnoreCase(product)) {
            throw ApiError.wrongState("The database is " + product + ", not the embedded H2 database: back it up with"
                    + " its own tools (PostgreSQL: pg_dump; see docs/operations.md, Backup and restore)");
        }
        String url = connection.getMetaData().getURL();
        String path = null;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT DATABASE_PATH()")) {
            if (result.next()) {
                path = result.getString(1);
            }
        }
        if (path == null || url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
            throw ApiError.wrongState(
                    "The H2 database is not a file of this process (" + url + "): back it up where it is served");
        }
        return Path.of(path).toAbsolutePath();
    }

    /** Files of earlier backups that a crash left before they could be deleted. */
    private static void deleteLeftovers(Path folder) throws IOException {
        try (var files = Files.newDirectoryStream(folder, IN_PROGRESS + "*.zip")) {
            for (Path file : files) {
                deleted(file);
            }
        }
    }

    private static boolean deleted(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            return false; // open elsewhere on a system that refuses that: deleted after reading
        }
    }

    /** The backup's bytes on a system that cannot delete an open file: deleted once read. */
    private static final class DeletedWhenClosed extends FilterInputStream {

        private final Path file;

        DeletedWhenClosed(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                deleted(file);
            }
        }
    }
}
