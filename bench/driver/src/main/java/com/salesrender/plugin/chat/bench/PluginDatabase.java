package com.salesrender.plugin.chat.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The plugin's database as the operator sees it: how many send tasks are in which state. */
final class PluginDatabase {

    private final String url;
    private final String user;
    private final String password;

    PluginDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static PluginDatabase fromSystemProperties() {
        return new PluginDatabase(
                PayaraInstance.required("bench.jdbc-url"),
                System.getProperty("bench.jdbc-user", "chat_plugin"),
                System.getProperty("bench.jdbc-password", "chat_plugin"));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Send tasks by state, e.g. {DONE=1000, RUNNING=3}. */
    Map<String, Long> sendTasksByState() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT state, COUNT(*) FROM chat_send_task GROUP BY state")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    long sendTasks(String state) throws SQLException {
        return sendTasksByState().getOrDefault(state, 0L);
    }

    /** The message ids of the send tasks now in this state (RUNNING: claimed by a worker, its attempt in flight). */
    Set<String> sendTaskMessageIds(String state) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT message_id FROM chat_send_task WHERE state = ?")) {
            query.setString(1, state);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** How many tasks got this history event (e.g. TAKEN_OVER) at or after {@code since} (epoch ms). */
    long tasksWithEvent(String event, long since) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT COUNT(DISTINCT task_id) FROM task_event WHERE event = ? AND at >= ?")) {
            query.setString(1, event);
            query.setLong(2, since);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Fills in one row of an insert. */
    @FunctionalInterface
    interface Row {
        void bind(PreparedStatement insert) throws SQLException;
    }

    /**
     * Plain JDBC, {@code connections} connections, one row per transaction for {@code time}: the rows committed a
     * second. {@code session}: a statement each connection runs first (null: none).
     */
    double commitRate(int connections, Duration time, String session, String insert, Row row)
            throws InterruptedException {
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + time.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        for (int c = 0; c < connections; c++) {
            pool.execute(() -> {
                try (Connection connection = connect();
                        Statement setup = connection.createStatement();
                        PreparedStatement statement = connection.prepareStatement(insert)) {
                    connection.setAutoCommit(true);
                    if (session != null) {
                        setup.execute(session);
                    }
                    while (System.nanoTime() < end) {
                        row.bind(statement);
                        statement.executeUpdate();
                        rows.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return rows.get() / (time.toNanos() / 1e9);
    }
}
