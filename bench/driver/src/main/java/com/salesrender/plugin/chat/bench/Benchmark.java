package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.PluginClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * One benchmark run against one database (bench/run starts it for H2, then for PostgreSQL): a Payara Micro
 * with the plugin and the gateway sender, the driver playing CRM and gateway. Writes
 * docs/bench/{db}.csv (figures) and docs/bench/{db}-accept.csv (accept rate and latency by concurrency).
 */
public final class Benchmark {

    private static final int[] CONCURRENCY = {1, 2, 4, 8, 16, 32};
    private static final int REQUESTS_PER_LEVEL = 1500;
    private static final int BACKLOG = 10_000;
    private static final int SWEEP_ROWS = 100_000;

    private final Crm crm;
    private final Gateway gateway;
    private final PluginClient plugin;
    private final Figures figures = new Figures();
    private final AtomicLong sequence = new AtomicLong();

    private Benchmark(Crm crm, Gateway gateway, PluginClient plugin) {
        this.crm = crm;
        this.gateway = gateway;
        this.plugin = plugin;
    }

    public static void main(String[] args) throws Exception {
        String db = PayaraInstance.required("bench.db");
        Path out = Path.of(System.getProperty("bench.out", "docs/bench"));
        Path work = Path.of(System.getProperty("bench.work", "target/bench/" + db));
        Files.createDirectories(work);
        PluginDatabase database = PluginDatabase.fromSystemProperties();
        try (Crm crm = new Crm(); Gateway gateway = new Gateway(128)) {
            List<String> options = new ArrayList<>(crm.pluginOptions());
            options.addAll(List.of("-Dbench.gateway=" + gateway.uri(), "-Dbench.gateway-timeout=PT10M"));
            PayaraInstance server = new PayaraInstance("server", 18190, work, PayaraInstance.Settings.fromSystemProperties(),
                    options);
            System.out.println("Benchmark on " + db + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
            server.start();
            server.awaitReady(Duration.ofMinutes(5));
            Benchmark bench = new Benchmark(crm, gateway, new PluginClient(server.base()));
            try {
                bench.figures.put("start to ready", server.readyAfterMillis(), "ms");
                crm.register(server.base());
                bench.figures.put("RSS after start", server.rssKilobytes() / 1024.0, "MiB");
                bench.acceptRates(out.resolve(db + "-accept.csv"));
                bench.acceptToSender();
                bench.backlog();
                bench.figures.put("RSS after load", server.rssKilobytes() / 1024.0, "MiB");
            } finally {
                server.stop();
            }
            // With the server stopped, the same database through plain JDBC (H2's file is free again).
            bench.rawInsertRate(database);
            bench.sweepQuery(database, db);
            bench.figures.write(out.resolve(db + ".csv"));
        }
    }

    /** Closed loop at each concurrency: requests answered per second and latency percentiles. */
    private void acceptRates(Path csv) throws Exception {
        System.out.println("Accept (/special/send) by concurrency:");
        level(8, 1000); // warm-up: JIT, pools, key cache
        List<String> lines = new ArrayList<>(List.of("concurrency,per_second,p50_ms,p90_ms,p99_ms"));
        double best = 0;
        for (int clients : CONCURRENCY) {
            long[] latencies = new long[REQUESTS_PER_LEVEL];
            long started = System.nanoTime();
            int accepted = level(clients, REQUESTS_PER_LEVEL, latencies);
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = accepted / seconds;
            best = Math.max(best, rate);
            double p50 = Figures.percentile(latencies, 0.5) / 1e6;
            double p90 = Figures.percentile(latencies, 0.9) / 1e6;
            double p99 = Figures.percentile(latencies, 0.99) / 1e6;
            System.out.printf("  %2d clients: %7.1f accepted/s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms%n",
                    clients, rate, p50, p90, p99);
            lines.add(clients + "," + rate + "," + p50 + "," + p90 + "," + p99);
            if (accepted != REQUESTS_PER_LEVEL) {
                throw new IllegalStateException((REQUESTS_PER_LEVEL - accepted) + " sends were not accepted");
            }
        }
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
        figures.put("accept rate (best)", best, "/s");
        awaitAllArrived();
    }

    private int level(int clients, int requests) throws Exception {
        return level(clients, requests, new long[requests]);
    }

    /** Sends {@code requests} pre-signed messages from {@code clients} threads; answers how many got 202. */
    private int level(int clients, int requests, long[] latencies) throws Exception {
        Queue<String> bodies = signed(requests);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                String body;
                while ((body = bodies.poll()) != null) {
                    long t0 = System.nanoTime();
                    int status = plugin.post("special/send", body).status();
                    latencies[next.getAndIncrement()] = System.nanoTime() - t0;
                    if (status == 202) {
                        accepted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        return accepted.get();
    }

    /** Open loop at half the best accept rate: how long from acceptance (stored) to the ChatSender call. */
    private void acceptToSender() throws Exception {
        double rate = figures.get("accept rate (best)") / 2;
        int count = (int) Math.max(200, rate * 10);
        Queue<String> bodies = signed(count);
        List<String> ids = new ArrayList<>(lastSigned);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String body = bodies.poll();
            pool.execute(() -> plugin.post("special/send", body));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        awaitArrived(ids, Duration.ofMinutes(5));
        long[] latencies = ids.stream().mapToLong(id -> {
            Gateway.Arrival first = gateway.arrivals(id).get(0);
            return first.calledAt() - first.acceptedAt();
        }).toArray();
        System.out.printf("Accept to ChatSender at %.0f/s (half the best rate), %d messages:%n", rate, count);
        figures.put("accept-to-sender load", rate, "/s");
        figures.put("accept-to-sender p50", Figures.percentile(latencies, 0.5), "ms");
        figures.put("accept-to-sender p90", Figures.percentile(latencies, 0.9), "ms");
        figures.put("accept-to-sender p99", Figures.percentile(latencies, 0.99), "ms");
    }

    /**
     * 10,000 messages accepted while the gateway holds every call, then released: how fast the plugin drains
     * the backlog, against what the gateway alone takes from the same number of callers (no plugin work).
     */
    private void backlog() throws Exception {
        Queue<String> bodies = signed(BACKLOG);
        List<String> ids = new ArrayList<>(lastSigned);
        gateway.close(true);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger accepted = new AtomicInteger();
        for (int c = 0; c < 16; c++) {
            pool.execute(() -> {
                String body;
                while ((body = bodies.poll()) != null) {
                    if (plugin.post("special/send", body).status() == 202) {
                        accepted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        long waiting = ids.stream().filter(gateway::arrived).count();
        long released = System.nanoTime();
        gateway.close(false);
        awaitArrived(ids, Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - released) / 1e9;
        System.out.printf("Backlog of %d (%d accepted, %d already at the closed gateway):%n", BACKLOG, accepted.get(), waiting);
        figures.put("backlog drain time", seconds * 1000, "ms");
        figures.put("backlog drain rate", (BACKLOG - waiting) / seconds, "/s");
        figures.put("no-op gateway rate (32 callers)", gatewayAlone(32, Duration.ofSeconds(5)), "/s");
    }

    /** The gateway called directly by as many threads as the plugin's senders, with the same request. */
    private double gatewayAlone(int callers, Duration duration) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int c = 0; c < callers; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    String body = "{\"company\":\"noop\",\"messageId\":\"noop-" + UUID.randomUUID() + "\",\"attempt\":1,"
                            + "\"instance\":\"noop\",\"acceptedAt\":0,\"calledAt\":0}";
                    try {
                        http.send(HttpRequest.newBuilder(gateway.uri()).POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(), HttpResponse.BodyHandlers.discarding());
                        calls.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return calls.get() / (duration.toNanos() / 1e9);
    }

    /** Plain JDBC, 8 connections, one row like a send task per transaction: the database's own limit. */
    private void rawInsertRate(PluginDatabase database) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_raw_insert (id VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " company_id VARCHAR(128) NOT NULL, message_id VARCHAR(255) NOT NULL, payload VARCHAR(100000) NOT NULL,"
                    + " state VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL)");
        }
        String payload = crm.sendBody("raw", "+15550000");
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            pool.execute(() -> {
                try (Connection connection = database.connect();
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_raw_insert VALUES (?, ?, ?, ?, ?, ?)")) {
                    connection.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        String id = UUID.randomUUID().toString();
                        insert.setString(1, id);
                        insert.setString(2, "raw");
                        insert.setString(3, id);
                        insert.setString(4, payload);
                        insert.setString(5, "QUEUED");
                        insert.setLong(6, System.currentTimeMillis());
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        System.out.println("The database alone (plain JDBC):");
        figures.put("raw insert+commit rate (8 connections)", rows.get() / 5.0, "/s");
    }

    /** 100,000 send task rows, 1% due: the sweeper's query, as EclipseLink sends it. */
    private void sweepQuery(PluginDatabase database, String db) throws Exception {
        long now = System.currentTimeMillis();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO chat_send_task (id, company_id,"
                    + " plugin_alias, plugin_id, message_id, contact, payload, state, attempt_number, attempt_limit,"
                    + " next_attempt_at, enqueued_at, created_at, finished_at, chat_key, accepted_seq)"
                    + " VALUES (?, 'sweep', 'chat-plugin', '1', ?, '+15550000', '{}', ?, 1, 100, ?, ?, ?, ?, 'sweep', ?)")) {
                for (int i = 0; i < SWEEP_ROWS; i++) {
                    boolean due = i % 100 == 0;
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, "sweep-" + i);
                    insert.setString(3, due ? "QUEUED" : "DONE");
                    insert.setLong(4, now - 120_000);
                    insert.setLong(5, now - 120_000);
                    insert.setLong(6, now - 120_000);
                    if (due) {
                        insert.setNull(7, java.sql.Types.BIGINT);
                    } else {
                        insert.setLong(7, now - 100_000);
                    }
                    insert.setLong(8, i);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute(db.equals("postgresql") ? "ANALYZE chat_send_task" : "ANALYZE");
            }
            connection.commit();
            String sweep = "SELECT id FROM chat_send_task WHERE ((state = ? AND next_attempt_at <= ? AND enqueued_at < ?)"
                    + " OR (state = ? AND lease_until < ? AND enqueued_at < ? AND attempt_number < attempt_limit))"
                    + " ORDER BY next_attempt_at LIMIT 500";
            long[] times = new long[20];
            int found = 0;
            for (int run = 0; run < times.length; run++) {
                long t0 = System.nanoTime();
                try (PreparedStatement query = connection.prepareStatement(sweep)) {
                    bindSweep(query, System.currentTimeMillis());
                    found = 0;
                    try (ResultSet ids = query.executeQuery()) {
                        while (ids.next()) {
                            found++;
                        }
                    }
                }
                times[run] = System.nanoTime() - t0;
            }
            connection.rollback();
            System.out.printf("Sweep over %d rows, 1%% due (found %d per batch of 500):%n", SWEEP_ROWS, found);
            figures.put("sweep query p50", Figures.percentile(times, 0.5) / 1e6, "ms");
            figures.put("sweep query max", Figures.percentile(times, 1.0) / 1e6, "ms");
            if (db.equals("postgresql")) {
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sweep)) {
                    bindSweep(explain, System.currentTimeMillis());
                    try (ResultSet plan = explain.executeQuery()) {
                        while (plan.next()) {
                            System.out.println("    " + plan.getString(1));
                        }
                    }
                }
            }
        }
    }

    private static void bindSweep(PreparedStatement query, long now) throws java.sql.SQLException {
        query.setString(1, "QUEUED");
        query.setLong(2, now);
        query.setLong(3, now - 60_000);
        query.setString(4, "RUNNING");
        query.setLong(5, now);
        query.setLong(6, now - 60_000);
    }

    private final List<String> lastSigned = new ArrayList<>();

    /** Signs {@code count} send requests up front (two threads), so signing stays out of the timings. */
    private Queue<String> signed(int count) throws Exception {
        lastSigned.clear();
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "bench-" + sequence.incrementAndGet()).toList();
        lastSigned.addAll(ids);
        String[] bodies = new String[count];
        IntStream.range(0, count).parallel().forEach(i -> bodies[i] = crm.sendBody(ids.get(i), "+1555" + (i % 200)));
        return new ConcurrentLinkedQueue<>(List.of(bodies));
    }

    private void awaitAllArrived() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (gateway.distinctArrivals() < sequence.get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void awaitArrived(List<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        while (next < ids.size() && System.nanoTime() < deadline) {
            if (gateway.arrived(ids.get(next))) {
                next++;
            } else {
                Thread.sleep(20);
            }
        }
        if (next < ids.size()) {
            throw new IllegalStateException((ids.size() - next) + " messages did not reach the gateway");
        }
    }
}
