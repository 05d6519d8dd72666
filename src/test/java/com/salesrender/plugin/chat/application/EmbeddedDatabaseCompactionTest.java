package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 file under the pool's settings (each commit written before it returns) and a task table's pattern of commits:
 * a row inserted, then an earlier row updated, one commit each. Without compaction the file grows with every commit,
 * because nearly every chunk keeps a live page; with {@link EmbeddedDatabaseCompaction#compact} called now and then it
 * stays a fraction of that. (H2's retention time is 0 here, where the plugin keeps H2's 45 s, so that chunks may be
 * rewritten at once instead of 45 s later.)
 */
class EmbeddedDatabaseCompactionTest {

    private static final int COMMITS = 3_000;

    @TempDir
    Path folder;

    @Test
    void theFileStaysAFractionOfItsSizeWithoutCompaction() throws Exception {
        long without = fileAfterLoad("without", 0);
        long with = fileAfterLoad("with", 100);
        assertTrue(
                with * 3 < without,
                "file with a compaction every 100 commits: " + with + " bytes; without: " + without + " bytes");
    }

    /** The file's size after the load, compacting every {@code compactEvery} commits (0: never). */
    private long fileAfterLoad(String name, int compactEvery) throws SQLException, java.io.IOException {
        String url = "jdbc:h2:file:" + folder.resolve(name).resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE task(id INT PRIMARY KEY, state VARCHAR(16), body VARCHAR(1000))");
                ddl.execute("CREATE INDEX task_state ON task(state)");
            }
            connection.setAutoCommit(false);
            Random random = new Random(7);
            String body = "x".repeat(600);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO task VALUES (?, 'QUEUED', ?)");
                    PreparedStatement update = connection.prepareStatement("UPDATE task SET state = ? WHERE id = ?")) {
                for (int i = 0; i < COMMITS; i++) {
                    if (i % 2 == 0) {
                        insert.setInt(1, i);
                        insert.setString(2, body);
                        insert.executeUpdate();
                    } else {
                        update.setString(1, random.nextBoolean() ? "DONE" : "RUNNING");
                        update.setInt(2, random.nextInt(i));
                        update.executeUpdate();
                    }
                    connection.commit();
                    if (compactEvery > 0 && i % compactEvery == 0) {
                        EmbeddedDatabaseCompaction.compact(connection.unwrap(JdbcConnection.class));
                    }
                }
            }
            return Files.size(folder.resolve(name).resolve("db.mv.db"));
        }
    }
}
