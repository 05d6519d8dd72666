package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCollector;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.Prometheus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * One benchmark run against one database (bench/run starts it for H2, then for PostgreSQL): a Payara Micro with the
 * plugin and the gateway sender, the driver playing CRM and gateway. The sender serves each company as one of two
 * senders ({@link Sender}): one-status (reporting {@code sent} as soon as the gateway took a message; every phase but
 * the last ones) or real (a real gateway's {@code sent}, {@code delivered}, {@code read} and a reply for one message in
 * three). Writes docs/bench/{db}.csv (figures) and docs/bench/{db}-accept.csv (accept rate and latency by concurrency).
 * {@code -Dbench.quick=true}: fewer requests and shorter phases, for development; its figures are not the ones to
 * publish.
 *
 * <p>Every message the run sends is accounted for at the end: each one accepted (202) must have reached the gateway and
 * had what its sender reports reach the CRM, nothing may arrive that was not sent, and repeats are counted. Every wait
 * has a deadline: no progress for {@link #STALL} fails the run with what is missing.
 */
public final class Benchmark {

    private static final int[] CONCURRENCY = {1, 2, 4, 8, 16, 32};
    /** A wait that sees no message complete for this long gives up. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /** Open-loop senders: enough that the schedule, not the driver, sets the pace. */
    private static final int OPEN_LOOP_THREADS = 64;
    /** A rate is sustained when at its end no more than this many seconds' worth of messages are incomplete. */
    private static final double SUSTAINED_LAG_SECONDS = 2;
    /** A trial whose backlog passes this many seconds' worth is over (not sustained): no point going on. */
    private static final double ABORT_LAG_SECONDS = 10;
    /** Closed-loop clients of the noisy neighbour's burst: about where the accept rate is best. */
    private static final int BURST_CLIENTS = 16;
    /** The steady company's rate while the burst drains (open loop). */
    private static final double NEIGHBOUR_RATE = 5;

    /**
     * How the bench's sender serves a company (its {@code SenderChoice}, set per company with
     * {@code -Dbench.sender.<company id>}): one-status reports {@code sent} once the gateway answered; real reports
     * {@code sent} too, then {@code delivered} 200 ms and {@code read} 1 s later and, for one message in three,
     * forwards the customer's reply 1.5 s later ({@code GatewayReceipts}). {@code settleSeconds}: how long after its
     * {@code sent} a message of this sender is complete at best.
     */
    enum Sender {
        ONE_STATUS("one-status", 0),
        REAL("real", 1.5);

        final String wireName;
        final double settleSeconds;

        Sender(String wireName, double settleSeconds) {
            this.wireName = wireName;
            this.settleSeconds = settleSeconds;
        }

        /** The real sender's rule for the messages the customer answers (its {@code GatewayReceipts.repliedTo}). */
        static boolean repliedTo(String messageId) {
            return Math.floorMod(messageId.hashCode(), 3) == 0;
        }
    }

    /** Who sends a message, and which sender the plugin serves that company with. */
    record Origin(Company company, Sender sender) {}

    private final Crm crm;
    private final Gateway gateway;
    private final PluginClient plugin;
    private final Mode mode;
    private final PayaraInstance server;
    private final Figures figures = new Figures();
    private final AtomicLong sequence = new AtomicLong();
    /** The company that sends every phase but the noisy neighbour's, served by the one-status sender. */
    private final Origin oneStatus;
    /** The noisy neighbour's steady company with the one-status sender. */
    private final Origin oneStatusNeighbour;
    /** The company of the real sender's phases (sustained rate, the noisy neighbour's burst). */
    private final Origin real;
    /** The noisy neighbour's steady company with the real sender. */
    private final Origin realNeighbour;
    /** Every message id answered 202 and who sent it; and how many answers were not 202 (by status; -1: no answer). */
    private final Map<String, Origin> accepted = new ConcurrentHashMap<>();

    private final Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();

    /** The sizes of one run: the full benchmark, or the quick one for development. */
    record Mode(
            boolean quick,
            Duration warmUp,
            int requestsPerLevel,
            int backlog,
            Duration sustainedTrial,
            int sustainedTrials,
            Duration roundTrip,
            int sweepRows,
            int burst,
            Duration realWarmUp,
            Duration realTrial) {

        static Mode fromSystemProperties() {
            return Boolean.getBoolean("bench.quick")
                    ? new Mode(
                            true,
                            Duration.ofSeconds(45),
                            300,
                            2000,
                            Duration.ofSeconds(15),
                            3,
                            Duration.ofSeconds(10),
                            20_000,
                            3_000,
                            Duration.ofSeconds(15),
                            Duration.ofSeconds(15))
                    : new Mode(
                            false,
                            Duration.ofSeconds(150),
                            1500,
                            10_000,
                            Duration.ofSeconds(60),
                            3,
                            Duration.ofSeconds(30),
                            100_000,
                            20_000,
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(30));
        }
    }

    private Benchmark(
            Crm crm, Gateway gateway, PluginClient plugin, Mode mode, PayaraInstance server, List<Company> companies) {
        this.server = server;
        this.crm = crm;
        this.gateway = gateway;
        this.plugin = plugin;
        this.mode = mode;
        oneStatus = new Origin(crm.company, Sender.ONE_STATUS);
        oneStatusNeighbour = new Origin(companies.get(0), Sender.ONE_STATUS);
        real = new Origin(companies.get(1), Sender.REAL);
        realNeighbour = new Origin(companies.get(2), Sender.REAL);
    }

    public static void main(String[] args) throws Exception {
        String db = PayaraInstance.required("bench.db");
        Path out = Path.of(System.getProperty("bench.out", "docs/bench"));
        Path work = Path.of(System.getProperty("bench.work", "target/bench/" + db));
        Files.createDirectories(work);
        Mode mode = Mode.fromSystemProperties();
        PluginDatabase database = PluginDatabase.fromSystemProperties();
        long began = System.nanoTime();
        // BENCH_TRACING=on: the server traces every message and exports its spans to a collector in this JVM, which
        // only counts them (its CPU is the driver's).
        boolean tracing = Boolean.getBoolean("bench.tracing");
        String only = System.getProperty("bench.only", "");
        boolean neighbourOnly = only.equals("neighbour");
        boolean sustainedOnly = only.equals("sustained");
        boolean realOnly = only.equals("real");
        try (Crm crm = new Crm();
                Gateway gateway = new Gateway(128);
                FakeCollector collector = new FakeCollector()) {
            List<String> options = new ArrayList<>(crm.pluginOptions());
            options.addAll(List.of(
                    "-Dbench.gateway=" + gateway.uri(), "-Dbench.gateway-timeout=PT10M", "-Dbench.report-sent=true"));
            collector.keepSpans(false);
            if (tracing) {
                options.addAll(List.of(
                        "-Dotel.sdk.disabled=false",
                        "-Dotel.exporter.otlp.protocol=http/protobuf",
                        "-Dotel.exporter.otlp.endpoint=" + collector.endpoint(),
                        "-Dotel.service.name=chat-plugin-bench"));
            }
            // The one-status neighbour, then the real sender's two companies (bench.sender, unset: one-status).
            List<Company> companies = List.of(Company.fresh(), Company.fresh(), Company.fresh());
            options.add("-Dbench.sender." + companies.get(1).companyId() + "=" + Sender.REAL.wireName);
            options.add("-Dbench.sender." + companies.get(2).companyId() + "=" + Sender.REAL.wireName);
            int port = Integer.getInteger("bench.port", 18190);
            requireFree(port);
            PayaraInstance server =
                    new PayaraInstance("server", port, work, PayaraInstance.Settings.fromSystemProperties(), options);
            System.out.println("Benchmark on " + db + " ("
                    + Runtime.getRuntime().availableProcessors() + " cores)" + (mode.quick() ? ", quick mode" : "")
                    + (tracing ? ", tracing on (OTLP to " + collector.endpoint() + ")" : ""));
            Benchmark bench = new Benchmark(crm, gateway, new PluginClient(server.base()), mode, server, companies);
            server.start();
            try {
                // Inside the try: a server that never gets ready is stopped too, not left holding the ports.
                server.awaitReady(Duration.ofMinutes(5));
                bench.figures.put("start to ready", server.readyAfterMillis(), "ms");
                crm.register(server.base());
                for (Company company : companies) {
                    crm.register(server.base(), company);
                }
                bench.figures.put("RSS after start", server.rssKilobytes() / 1024.0, "MiB");
                if (neighbourOnly) {
                    // BENCH_ONLY=neighbour: a warm-up, then the two noisy-neighbour phases only (a few minutes).
                    bench.warmUp(mode.warmUp(), bench.oneStatus);
                    bench.noisyNeighbour(bench.oneStatus, bench.oneStatusNeighbour);
                    bench.warmUp(mode.realWarmUp(), bench.real);
                    bench.noisyNeighbour(bench.real, bench.realNeighbour);
                    bench.accountForEveryMessage(true);
                    bench.straightShare();
                } else if (sustainedOnly || realOnly) {
                    // BENCH_ONLY=sustained (the one-status sender) or real (the real sender): a warm-up with that
                    // sender, then its sustained search from BENCH_RATE, or BENCH_REPEAT trials at that rate.
                    Origin origin = realOnly ? bench.real : bench.oneStatus;
                    Duration trial = realOnly ? mode.realTrial() : mode.sustainedTrial();
                    bench.warmUp(mode.warmUp(), origin);
                    double rate = Double.parseDouble(System.getProperty("bench.first-rate"));
                    int repeat = Integer.getInteger("bench.repeat", 0);
                    if (repeat > 0) {
                        bench.repeatedTrials(origin, rate, trial, repeat);
                    } else {
                        bench.sustainedRate(origin, rate, trial, realOnly ? " (real sender)" : "");
                    }
                    bench.accountForEveryMessage(realOnly);
                } else {
                    bench.acceptRates(out.resolve(db + "-accept.csv"));
                    bench.backlog();
                    bench.sustainedRate();
                    bench.roundTrip();
                    bench.figures.put("RSS after load", server.rssKilobytes() / 1024.0, "MiB");
                    bench.noisyNeighbour(bench.oneStatus, bench.oneStatusNeighbour);
                    bench.accountForEveryMessage(false);
                    bench.realSender();
                    bench.accountForEveryMessage(true);
                    bench.straightShare();
                    if (db.equals("h2")) {
                        // What the run left on disk: without compaction, H2's file grew with every commit.
                        Path file = Path.of(System.getProperty("plugin.data-dir"), "database", "chat-plugin.mv.db");
                        bench.figures.put("H2 file after the run", Files.size(file) / 1048576.0, "MiB");
                    }
                    if (tracing) {
                        // Exported 5 s (otel.bsp.schedule.delay) after they end at the latest: the last ones may be
                        // missing.
                        Thread.sleep(6000);
                        bench.figures.put("spans exported", collector.received(), "");
                        bench.figures.put(
                                "spans per message",
                                collector.received() / bench.figures.get("messages accepted (whole run)"),
                                "");
                    }
                }
            } finally {
                server.stop();
            }
            if (only.isEmpty()) {
                // With the server stopped, the same database through plain JDBC (H2's file is free again).
                bench.rawInsertRate(database);
                bench.sweepQuery(database, db);
            }
            bench.figures.write(out.resolve(db + ".csv"));
        }
        System.out.printf("Benchmark on %s done in %.0f s%n", db, (System.nanoTime() - began) / 1e9);
    }

    /**
     * Another server on the port would take this run's requests (and this run another's): the figures and the books
     * would mix two runs.
     */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            probe.setReuseAddress(true);
        } catch (IOException taken) {
            throw new IllegalStateException(
                    "Port " + port + " is taken (another run?): set BENCH_PORT, BENCH_BROKER_PORT"
                            + " and BENCH_PG_PORT to free ones");
        }
    }

    /** Closed loop at each concurrency: requests answered per second and latency percentiles. */
    private void acceptRates(Path csv) throws Exception {
        System.out.println("Accept (/special/send) by concurrency:");
        warmUp(mode.warmUp(), oneStatus);
        List<String> all = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of("concurrency,per_second,p50_ms,p90_ms,p99_ms"));
        double best = 0;
        for (int clients : CONCURRENCY) {
            List<Signed> messages = signed(mode.requestsPerLevel(), oneStatus);
            all.addAll(ids(messages));
            long[] latencies = new long[messages.size()];
            Prometheus before = serverMetrics();
            long started = System.nanoTime();
            int ok = closedLoop(clients, messages, latencies);
            double seconds = (System.nanoTime() - started) / 1e9;
            double acceptsPerCommit = acceptsPerCommit(before, serverMetrics());
            double rate = ok / seconds;
            best = Math.max(best, rate);
            double p50 = Figures.percentile(latencies, 0.5) / 1e6;
            double p90 = Figures.percentile(latencies, 0.9) / 1e6;
            double p99 = Figures.percentile(latencies, 0.99) / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "  %2d clients: %7.1f accepted/s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  accepts per commit %.2f%n",
                    clients,
                    rate,
                    p50,
                    p90,
                    p99,
                    acceptsPerCommit);
            lines.add(clients + "," + rate + "," + p50 + "," + p90 + "," + p99);
            if (clients == 1) {
                figures.put("accept p50 at concurrency 1", p50, "ms");
            }
            if (ok != messages.size()) {
                throw new IllegalStateException((messages.size() - ok) + " of " + messages.size() + " sends at "
                        + clients + " clients were not accepted: " + refused);
            }
        }
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
        figures.put("accept rate (best)", best, "/s");
        awaitComplete("the accept phase", all);
    }

    /**
     * Load before any figure: JIT, pools, key cache. Payara's code takes minutes of load to be compiled (in one quick
     * run the JIT compiled 27,000 methods in 190 s of CPU over its first four minutes, still a third of the server's
     * CPU in the third): with 1,000 warm-up sends the first levels measured the compiler. Rounds of 3,000 messages from
     * 8 clients until the time is up, each delivered before the next, and the last before the first level, so no
     * backlog of the warm-up runs beside it.
     */
    private void warmUp(Duration time, Origin origin) throws Exception {
        long started = System.nanoTime();
        long until = started + time.toNanos();
        int rounds = 0;
        do {
            List<Signed> round = signed(3000, origin);
            closedLoop(8, round, new long[round.size()]);
            awaitComplete(
                    "the warm-up",
                    ids(round).stream().filter(accepted::containsKey).toList());
            rounds++;
        } while (System.nanoTime() < until);
        System.out.printf(
                Locale.ROOT, "  warm-up: %d messages in %.0f s%n", rounds * 3000, (System.nanoTime() - started) / 1e9);
    }

    /** Sends the pre-signed messages from {@code clients} threads, each as soon as its last one was answered. */
    private int closedLoop(int clients, List<Signed> messages, long[] latencies) throws Exception {
        return closedLoop(clients, messages, latencies, new long[messages.size()]);
    }

    /** The same, noting when each POST started ({@link System#nanoTime()}). */
    private int closedLoop(int clients, List<Signed> messages, long[] latencies, long[] startedAt) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < messages.size()) {
                    long t0 = System.nanoTime();
                    startedAt[i] = t0;
                    boolean was = post(messages.get(i));
                    latencies[i] = System.nanoTime() - t0;
                    if (was) {
                        ok.incrementAndGet();
                    }
                }
            });
        }
        finish(pool, "closed loop of " + clients + " clients");
        return ok.get();
    }

    /**
     * A backlog accepted while the gateway holds every call, then released: how fast the plugin drains it (to the
     * gateway), against what the gateway alone takes from the same number of callers (no plugin work).
     */
    private void backlog() throws Exception {
        List<Signed> messages = signed(mode.backlog(), oneStatus);
        List<String> ids = ids(messages);
        gateway.close(true);
        int ok;
        try {
            ok = closedLoop(16, messages, new long[messages.size()]);
        } catch (RuntimeException | InterruptedException e) {
            gateway.close(false);
            throw e;
        }
        long waiting = ids.stream().filter(gateway::arrived).count();
        long released = System.nanoTime();
        gateway.close(false);
        List<String> acceptedIds = ids.stream().filter(accepted::containsKey).toList();
        awaitUntil("the backlog drain (to the gateway)", acceptedIds, gateway::arrived);
        double seconds = (System.nanoTime() - released) / 1e9;
        System.out.printf("Backlog of %d (%d accepted, %d already at the closed gateway):%n", ids.size(), ok, waiting);
        if (ok != ids.size()) {
            throw new IllegalStateException((ids.size() - ok) + " backlog sends were not accepted: " + refused);
        }
        figures.put("backlog drain time", seconds * 1000, "ms");
        figures.put("backlog drain rate", (ids.size() - waiting) / seconds, "/s");
        awaitComplete("the backlog", acceptedIds);
        figures.put("no-op gateway rate (32 callers)", gatewayAlone(32, Duration.ofSeconds(5)), "/s");
    }

    /** The one-status sender's sustained rate; the first rate tried is 90% of the lower of accept and drain rate. */
    private void sustainedRate() throws Exception {
        // The accept rate was measured with delivery running beside it: near what both allow together.
        double firstRate = 0.9 * Math.min(figures.get("accept rate (best)"), figures.get("backlog drain rate"));
        sustainedRate(oneStatus, firstRate, mode.sustainedTrial(), "");
    }

    /**
     * The highest offered rate (open loop, one trial per rate) at which, over the whole trial, every message was
     * accepted, reached the gateway and had what its sender reports reach the CRM, with no more than
     * {@link #SUSTAINED_LAG_SECONDS} seconds' worth incomplete at the end (the backlog did not grow; for the real
     * sender, its {@link Sender#settleSeconds} more, since its last receipt comes that long after {@code sent}). The
     * first rate tried is {@code firstRate}; then up by 30% or down by 40% until both a sustained and a failed rate are
     * known, then between the two: three trials, up to two more while either is missing. Figures are named with
     * {@code suffix}.
     */
    private void sustainedRate(Origin origin, double firstRate, Duration trial, String suffix) throws Exception {
        double rate = firstRate;
        double sustained = 0;
        double failed = Double.POSITIVE_INFINITY;
        int trials = 0;
        int maxTrials = mode.sustainedTrials() + 2; // up to two more while a sustained or a failed rate is missing
        double lagSeconds = SUSTAINED_LAG_SECONDS + origin.sender().settleSeconds;
        System.out.printf(
                "Sustained end-to-end rate (%s sender), %d s per trial:%n",
                origin.sender().wireName, trial.toSeconds());
        while (trials < maxTrials
                && (trials < mode.sustainedTrials() || sustained == 0 || failed == Double.POSITIVE_INFINITY)) {
            trials++;
            Trial result = trial(origin, rate, trial, lagSeconds);
            if (result.sustained()) {
                if (rate > sustained) {
                    figures.put("server CPU per message" + suffix, result.serverMs(), "ms");
                    figures.put("sent straight from their accept" + suffix, result.straightShare(), "%");
                    figures.put("server CPU per message: JIT compiler" + suffix, result.compilerMs(), "ms");
                    figures.put("driver CPU per message" + suffix, result.driverMs(), "ms");
                    figures.put("outcomes per commit" + suffix, result.outcomesPerCommit(), "");
                }
                sustained = Math.max(sustained, rate);
            } else {
                failed = Math.min(failed, rate);
            }
            if (failed / sustained < 1.1) {
                break;
            }
            rate = sustained == 0
                    ? failed * 0.6
                    : failed == Double.POSITIVE_INFINITY ? sustained * 1.3 : Math.sqrt(sustained * failed);
        }
        figures.put("sustained end-to-end rate" + suffix, sustained, "/s");
        if (sustained > 0) {
            // What these cores allow at that CPU cost, if nothing but CPU limited the rate.
            figures.put(
                    "CPU ceiling (cores / CPU per message)" + suffix,
                    Runtime.getRuntime().availableProcessors()
                            * 1000
                            / (figures.get("server CPU per message" + suffix)
                                    + figures.get("driver CPU per message" + suffix)),
                    "/s");
        }
        figures.put(
                "lowest rate not sustained" + suffix, failed == Double.POSITIVE_INFINITY ? Double.NaN : failed, "/s");
    }

    /** One sustained trial's verdict and its costs per message. */
    private record Trial(
            boolean sustained,
            double serverMs,
            double compilerMs,
            double driverMs,
            double outcomesPerCommit,
            double straightShare) {}

    /**
     * One open-loop trial at {@code rate}: sustained when every message was accepted and no more than
     * {@code lagSeconds} worth were incomplete at its end. Waits for the rest, then prints what it cost per message.
     */
    private Trial trial(Origin origin, double rate, Duration trial, double lagSeconds) throws Exception {
        int count = (int) Math.round(rate * trial.toNanos() / 1e9);
        List<Signed> messages = signed(count, origin);
        // Scraped before the CPU is read: the scrape's own work stays out of the trial's CPU per message.
        Prometheus metricsBefore = serverMetrics();
        Duration serverCpu = server.cpuTime();
        Duration compilerCpu = server.compilerCpuTime();
        Duration driverCpu = driverCpuTime();
        OpenLoop run = openLoop(rate, messages, true);
        int refusedCount = run.messages().size() - run.acceptedIds().size() - run.notSent();
        boolean ok = run.notSent() == 0 && refusedCount == 0 && run.incompleteAtEnd() <= lagSeconds * rate;
        long drainStarted = System.nanoTime();
        awaitComplete("the trial at " + Math.round(rate) + "/s", run.acceptedIds());
        // CPU per message over the whole trial, its messages' delivery, statuses and replies included.
        int accepted = Math.max(1, run.acceptedIds().size());
        double serverMs = server.cpuTime().minus(serverCpu).toNanos() / 1e6 / accepted;
        double compilerMs = server.compilerCpuTime().minus(compilerCpu).toNanos() / 1e6 / accepted;
        double driverMs = driverCpuTime().minus(driverCpu).toNanos() / 1e6 / accepted;
        System.out.printf(
                Locale.ROOT,
                "  offered %7.1f/s: %d accepted, %d refused, %d not sent (trial cut short),"
                        + " %d complete within the trial, %d incomplete at its end (%.1f s worth), rest in %.1f s: %s%n",
                rate,
                run.acceptedIds().size(),
                refusedCount,
                run.notSent(),
                run.completeAtEnd(),
                run.incompleteAtEnd(),
                run.incompleteAtEnd() / rate,
                (System.nanoTime() - drainStarted) / 1e9,
                ok ? "sustained" : "NOT sustained");
        // Outcomes (a message sent, a request the CRM took) written at the same moment share a commit.
        Prometheus metricsAfter = serverMetrics();
        double outcomesPerCommit =
                (metricsAfter.value("chat_outcomes_written_total") - metricsBefore.value("chat_outcomes_written_total"))
                        / Math.max(
                                1,
                                metricsAfter.value("chat_outcome_commits_total")
                                        - metricsBefore.value("chat_outcome_commits_total"));
        // A message that found no straight place went through the send queue: a queue message, a dispatch and a claim
        // more. Fewer find one while attempts take longer (slow commits hold their places).
        double straightShare = 100
                * (metricsAfter.value("chat_messages_sent_straight_total")
                        - metricsBefore.value("chat_messages_sent_straight_total"))
                / accepted;
        System.out.printf(
                Locale.ROOT,
                "    CPU per message: server %.2f ms (its JIT compiler %.2f ms), driver (CRM, gateway, client) %.2f ms;"
                        + " outcomes per commit %.2f; accepts per commit %.2f; sent straight from their accept %.1f%%%n",
                serverMs,
                compilerMs,
                driverMs,
                outcomesPerCommit,
                acceptsPerCommit(metricsBefore, metricsAfter),
                straightShare);
        return new Trial(ok, serverMs, compilerMs, driverMs, outcomesPerCommit, straightShare);
    }

    /**
     * BENCH_ONLY=sustained with BENCH_REPEAT: trials at one rate, one after the other, to see how the cost per message
     * moves as the server runs longer (the JIT compiler's work among it).
     */
    private void repeatedTrials(Origin origin, double rate, Duration trial, int times) throws Exception {
        System.out.printf("%d trials of %d s at %.0f/s:%n", times, trial.toSeconds(), rate);
        for (int i = 0; i < times; i++) {
            trial(origin, rate, trial, SUSTAINED_LAG_SECONDS + origin.sender().settleSeconds);
        }
    }

    /**
     * The real sender's figures, on the same warm server: a warm-up with it (its statuses, replies and receipts' code
     * compiled), its sustained rate and CPU per message (the first rate tried: half the one-status sender's sustained
     * rate, for about twice the work), and the noisy neighbour with it.
     */
    private void realSender() throws Exception {
        System.out.println("The real sender (sent, delivered, read; a reply for one message in three):");
        warmUp(mode.realWarmUp(), real);
        double oneStatusRate = figures.get("sustained end-to-end rate");
        double firstRate = oneStatusRate > 0 ? oneStatusRate / 2 : figures.get("lowest rate not sustained") / 4;
        sustainedRate(real, firstRate, mode.realTrial(), " (real sender)");
        noisyNeighbour(real, realNeighbour);
    }

    /**
     * Open loop at half the sustained rate: from the CRM's POST until the CRM received the message's {@code sent}
     * (round trip), and from acceptance (stored) to the ChatSender call (accept-to-sender), both off the same messages.
     * The accept-to-sender figures had a phase of their own at half the best accept rate, which on this machine came to
     * 75-90% of what delivery sustains: they measured how close to saturation that load happened to land, not the path.
     */
    private void roundTrip() throws Exception {
        double sustained = figures.get("sustained end-to-end rate");
        double rate = sustained > 0 ? sustained / 2 : figures.get("lowest rate not sustained") / 4;
        int count = (int) Math.max(100, Math.round(rate * mode.roundTrip().toNanos() / 1e9));
        double straightBefore = serverMetrics().value("chat_messages_sent_straight_total");
        OpenLoop run = openLoop(rate, signed(count, oneStatus), false);
        List<String> ids = run.acceptedIds();
        awaitComplete("the round trip", ids);
        if (ids.size() != count) {
            throw new IllegalStateException((count - ids.size()) + " round-trip sends were not accepted: " + refused);
        }
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = crm.firstStatusAt(run.messages().get(i).id()) - run.postedAt()[i];
        }
        System.out.printf(
                Locale.ROOT,
                "Round trip (POST to sent at the CRM) at %.0f/s (%s), %d messages;"
                        + " the driver's own dispatch delay p99 %.1f ms:%n",
                rate,
                sustained > 0 ? "half the sustained rate" : "no rate was sustained: a quarter of the lowest tried",
                count,
                Figures.percentile(run.dispatchDelays(), 0.99) / 1e6);
        figures.put("round trip load", rate, "/s");
        figures.put("round trip p50", Figures.percentile(latencies, 0.5) / 1e6, "ms");
        figures.put("round trip p90", Figures.percentile(latencies, 0.9) / 1e6, "ms");
        figures.put("round trip p99", Figures.percentile(latencies, 0.99) / 1e6, "ms");
        long[] toSender = ids.stream()
                .mapToLong(id -> {
                    Gateway.Arrival first = gateway.arrivals(id).get(0);
                    return first.calledAt() - first.acceptedAt();
                })
                .toArray();
        figures.put("accept-to-sender load", rate, "/s");
        figures.put("accept-to-sender p50", Figures.percentile(toSender, 0.5), "ms");
        figures.put("accept-to-sender p90", Figures.percentile(toSender, 0.9), "ms");
        figures.put("accept-to-sender p99", Figures.percentile(toSender, 0.99), "ms");
        // The straight ones reach the ChatSender in a few ms, the queued ones through the queue: the mix moves p50.
        figures.put(
                "accept-to-sender: share sent straight",
                100 * (serverMetrics().value("chat_messages_sent_straight_total") - straightBefore) / count,
                "%");
    }

    /**
     * What one open-loop run did: per message (in schedule order) when its POST started ({@link System#nanoTime()}, 0:
     * never sent) and its delay behind the schedule; at the schedule's end, how many were complete.
     */
    private record OpenLoop(
            List<Signed> messages,
            long[] postedAt,
            long[] dispatchDelays,
            List<String> acceptedIds,
            int notSent,
            int completeAtEnd,
            int incompleteAtEnd) {}

    /**
     * Sends the messages at {@code rate} on a fixed schedule, whatever the answers take (open loop), then waits until
     * every POST was answered. With {@code cutShort}, a run whose backlog passes {@link #ABORT_LAG_SECONDS} seconds'
     * worth stops sending (the rest count as not sent). Counts as complete a message whose sender's statuses and reply
     * reached the CRM ({@link #complete}).
     */
    private OpenLoop openLoop(double rate, List<Signed> messages, boolean cutShort) throws Exception {
        int count = messages.size();
        long[] postedAt = new long[count];
        long[] delays = new long[count];
        long intervalNanos = (long) (1e9 / rate);
        double abortLagSeconds =
                ABORT_LAG_SECONDS + (count == 0 ? 0 : messages.get(0).origin().sender().settleSeconds);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(OPEN_LOOP_THREADS);
        long start = System.nanoTime();
        int scheduled = 0;
        long nextCheck = start + TimeUnit.SECONDS.toNanos(5);
        boolean stopped = false;
        for (; scheduled < count; scheduled++) {
            long due = start + scheduled * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int i = scheduled;
            pool.execute(() -> {
                long t0 = System.nanoTime();
                postedAt[i] = t0;
                delays[i] = t0 - due;
                post(messages.get(i));
            });
            if (cutShort && System.nanoTime() > nextCheck) {
                nextCheck += TimeUnit.SECONDS.toNanos(1);
                int incomplete = scheduled + 1 - completeAmong(messages, scheduled + 1);
                if (incomplete > abortLagSeconds * rate) {
                    System.out.printf(
                            Locale.ROOT,
                            "  offered %.1f/s: %d incomplete after %.0f s, sending stopped%n",
                            rate,
                            incomplete,
                            (System.nanoTime() - start) / 1e9);
                    stopped = true;
                    scheduled++;
                    break;
                }
            }
        }
        int completeAtEnd = completeAmong(messages, scheduled);
        int incompleteAtEnd = scheduled - completeAtEnd;
        if (stopped) {
            // Queued, not yet POSTed: they never leave the driver (no interrupts: a POST under way is answered).
            pool.getQueue().drainTo(new ArrayList<>());
        }
        finish(pool, "open loop at " + Math.round(rate) + "/s");
        List<String> acceptedIds = new ArrayList<>();
        int posted = 0;
        for (int i = 0; i < count; i++) {
            if (postedAt[i] != 0) {
                posted++;
                if (accepted.containsKey(messages.get(i).id())) {
                    acceptedIds.add(messages.get(i).id());
                }
            }
        }
        return new OpenLoop(
                messages, postedAt, delays, acceptedIds, count - posted, completeAtEnd, Math.max(incompleteAtEnd, 0));
    }

    /** Status requests the CRM took, so far. */
    private static double statusesSent(Prometheus metrics) {
        return metrics.value("chat_crm_requests_total", "kind", "status", "outcome", "sent");
    }

    /** How many of the first {@code upTo} messages are complete. */
    private int completeAmong(List<Signed> messages, int upTo) {
        int complete = 0;
        for (int i = 0; i < upTo; i++) {
            if (complete(messages.get(i).id())) {
                complete++;
            }
        }
        return complete;
    }

    /**
     * The noisy neighbour: company A sends a burst (closed loop, {@link #BURST_CLIENTS} clients, as fast as accept
     * allows) while company B sends {@link #NEIGHBOUR_RATE} messages a second (open loop), from A's first send until
     * the CRM has A's last first status. Figures: B's round trip (its POST to its first status at the CRM) p50 and p99
     * during A's drain, A's drain time (its first accept to its last first status at the CRM) and A's accept rate.
     */
    private void noisyNeighbour(Origin burst, Origin steady) throws Exception {
        String name = "neighbour " + burst.sender().wireName + ": ";
        List<Signed> aMessages = signed(mode.burst(), burst);
        long[] aLatencies = new long[aMessages.size()];
        long[] aStartedAt = new long[aMessages.size()];
        ExecutorService aClients = Executors.newSingleThreadExecutor();
        ExecutorService bPosts = Executors.newFixedThreadPool(8);
        List<Signed> bMessages = new ArrayList<>();
        List<long[]> bPostedAt = new ArrayList<>();
        Map<String, Long> bAnswered = new ConcurrentHashMap<>(); // how long each of B's POSTs took
        Prometheus metricsBefore = serverMetrics();
        long start = System.nanoTime();
        long startEpochMillis = System.currentTimeMillis();
        long intervalNanos = (long) (1e9 / NEIGHBOUR_RATE);
        Future<Integer> aAccepted = aClients.submit(() -> closedLoop(BURST_CLIENTS, aMessages, aLatencies, aStartedAt));
        aClients.shutdown();
        List<String> aWaiting = null; // A's accepted messages with no first status yet, once all were answered
        long lastProgress = System.nanoTime();
        try {
            for (int i = 0; ; i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (aWaiting == null && aAccepted.isDone()) {
                    int ok = aAccepted.get();
                    if (ok != aMessages.size()) {
                        // Signed before the burst: a burst that takes over five minutes to accept meets expired tokens.
                        throw new IllegalStateException((aMessages.size() - ok) + " of the burst's " + aMessages.size()
                                + " sends were not accepted (answers by status, -1 none): " + refused);
                    }
                    aWaiting = new ArrayList<>(ids(aMessages));
                }
                if (aWaiting != null) {
                    int before = aWaiting.size();
                    aWaiting.removeIf(id -> crm.firstStatusAt(id) != 0);
                    if (aWaiting.isEmpty()) {
                        break;
                    }
                    if (aWaiting.size() < before) {
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                        throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "the burst: %d of %d accepted messages have no status, none got one for %d s; the"
                                        + " first, %s, %s the gateway; see the server log",
                                aWaiting.size(),
                                aMessages.size(),
                                STALL.toSeconds(),
                                aWaiting.get(0),
                                gateway.arrived(aWaiting.get(0)) ? "reached" : "did not reach"));
                    }
                }
                // B signs on the schedule's thread (a few ms): the round trip starts at its POST.
                Signed b = signedOne(steady);
                long[] postedAt = new long[1];
                bMessages.add(b);
                bPostedAt.add(postedAt);
                bPosts.execute(() -> {
                    postedAt[0] = System.nanoTime();
                    post(b);
                    bAnswered.put(b.id(), System.nanoTime() - postedAt[0]);
                });
            }
        } finally {
            aClients.shutdownNow();
            finish(bPosts, "the noisy neighbour's steady sender");
        }
        long firstAccepted = Long.MAX_VALUE;
        long lastFirstStatus = 0;
        long lastAnswered = 0;
        for (int i = 0; i < aMessages.size(); i++) {
            firstAccepted = Math.min(firstAccepted, aStartedAt[i] + aLatencies[i]);
            lastAnswered = Math.max(lastAnswered, aStartedAt[i] + aLatencies[i]);
            lastFirstStatus =
                    Math.max(lastFirstStatus, crm.firstStatusAt(aMessages.get(i).id()));
        }
        List<String> bIds =
                ids(bMessages).stream().filter(accepted::containsKey).toList();
        if (bIds.size() != bMessages.size()) {
            throw new IllegalStateException(
                    (bMessages.size() - bIds.size()) + " of the steady company's sends were not accepted: " + refused);
        }
        awaitUntil("the steady company's messages", bIds, id -> crm.firstStatusAt(id) != 0);
        // How many of the phase's statuses went straight to the CRM rather than through its queue (DirectRoute).
        Prometheus metricsAfter = serverMetrics();
        double statuses = statusesSent(metricsAfter) - statusesSent(metricsBefore);
        double straight = metricsAfter.value("chat_crm_requests_straight_total", "kind", "status")
                - metricsBefore.value("chat_crm_requests_straight_total", "kind", "status");
        // Each pause sends every status to that CRM through the queue for 30 s.
        double routePauses =
                metricsAfter.value("chat_crm_route_pauses_total") - metricsBefore.value("chat_crm_route_pauses_total");
        long[] roundTrips = new long[bMessages.size()];
        for (int i = 0; i < roundTrips.length; i++) {
            roundTrips[i] = crm.firstStatusAt(bMessages.get(i).id()) - bPostedAt.get(i)[0];
        }
        // Where B's round trip went: its POST, then from stored to its ChatSender call (the server's clock), then
        // the rest (from that call until its status reached the CRM).
        long[] bAccept = bIds.stream().mapToLong(bAnswered::get).toArray();
        List<Gateway.Arrival> bFirstArrivals =
                bIds.stream().map(id -> gateway.arrivals(id).get(0)).toList();
        long[] bToSender = bFirstArrivals.stream()
                .mapToLong(first -> first.calledAt() - first.acceptedAt())
                .toArray();
        long aFirstStarted = Arrays.stream(aStartedAt).min().orElse(start);
        // Each of B's messages in time, for a look at what its slowest ones met (beside the server's GC log).
        StringBuilder timeline = new StringBuilder("# phase began at epoch ms " + startEpochMillis + "\n"
                + "posted_ms,accept_ms,stored_to_sender_ms,round_trip_ms,sender_to_gateway_ms,gateway_to_crm_ms\n");
        for (int i = 0; i < bIds.size(); i++) {
            Gateway.Arrival first = bFirstArrivals.get(i);
            long firstStatusEpochMillis = startEpochMillis + (crm.firstStatusAt(bIds.get(i)) - start) / 1_000_000;
            timeline.append(String.format(
                    Locale.ROOT,
                    "%.1f,%.1f,%d,%.1f,%d,%d%n",
                    (bPostedAt.get(i)[0] - start) / 1e6,
                    bAccept[i] / 1e6,
                    bToSender[i],
                    roundTrips[i] / 1e6,
                    first.arrivedAt() - first.calledAt(),
                    firstStatusEpochMillis - first.arrivedAt()));
        }
        Files.writeString(server.home().resolve("neighbour-" + burst.sender().wireName + "-b.csv"), timeline);
        System.out.printf(
                Locale.ROOT,
                "Noisy neighbour (%s sender): A sent %d from %d clients while B sent %.0f a second (%d messages);"
                        + " B's round trip max %.1f ms:%n",
                burst.sender().wireName,
                aMessages.size(),
                BURST_CLIENTS,
                NEIGHBOUR_RATE,
                bMessages.size(),
                Figures.percentile(roundTrips, 1.0) / 1e6);
        figures.put(name + "A's burst accepted", aMessages.size() / ((lastAnswered - aFirstStarted) / 1e9), "/s");
        figures.put(name + "A's drain time", (lastFirstStatus - firstAccepted) / 1e6, "ms");
        figures.put(name + "B's round trip p50", Figures.percentile(roundTrips, 0.5) / 1e6, "ms");
        figures.put(name + "B's round trip p99", Figures.percentile(roundTrips, 0.99) / 1e6, "ms");
        figures.put(name + "B's accept p99", Figures.percentile(bAccept, 0.99) / 1e6, "ms");
        figures.put(name + "B's stored to ChatSender p99", Figures.percentile(bToSender, 0.99), "ms");
        figures.put(name + "statuses sent straight", 100 * straight / Math.max(statuses, 1), "%");
        figures.put(name + "straight route pauses", routePauses, "");
        figures.put(name + "accepts per commit", acceptsPerCommit(metricsBefore, metricsAfter), "");
        // Before the next phase: the burst's trailing statuses and replies, too.
        List<String> all = new ArrayList<>(ids(aMessages));
        all.addAll(bIds);
        awaitComplete("the noisy neighbour's messages", all);
    }

    /** POSTs one message; records whether it was accepted. */
    private boolean post(Signed message) {
        int status;
        try {
            status = plugin.post("special/send", message.body()).status();
        } catch (IllegalStateException noAnswer) {
            status = -1;
        }
        if (status == 202) {
            if (accepted.putIfAbsent(message.id(), message.origin()) != null) {
                throw new IllegalStateException(message.id() + " was sent twice by the driver");
            }
            return true;
        }
        refused.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        return false;
    }

    /** Waits for the pool's work, at most as long as a stalled wait; fails when it is still busy. */
    private static void finish(ExecutorService pool, String what) throws InterruptedException {
        pool.shutdown();
        // Each POST has its own 30 s timeout; a pool still busy long after is stuck.
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException(what + ": the driver's senders still busy after 30 minutes");
        }
    }

    /** Every one of these messages reached the gateway and what its sender reports reached the CRM. */
    private void awaitComplete(String phase, List<String> ids) throws InterruptedException {
        awaitUntil(phase, ids, this::complete);
    }

    /**
     * Whether the CRM has what the message's sender reports: one-status, its {@code sent}; real, its {@code read} (the
     * last status: an earlier one still waiting when a later was reported is dropped, not sent late) and, for one
     * message in three, the customer's reply.
     */
    private boolean complete(String id) {
        Crm.Heard heard = crm.heard(id);
        if (heard == null) {
            return false;
        }
        Origin origin = accepted.get(id);
        if (origin == null || origin.sender() == Sender.ONE_STATUS) {
            return heard.count(Crm.Status.SENT) > 0;
        }
        return heard.count(Crm.Status.READ) > 0 && (!Sender.repliedTo(id) || heard.replies() > 0);
    }

    /**
     * Waits until {@code done} holds for every id; fails when none became done for {@link #STALL}, naming how many are
     * missing and whether the first missing one reached the gateway.
     */
    private void awaitUntil(String phase, List<String> ids, Predicate<String> done) throws InterruptedException {
        List<String> missing = new ArrayList<>(ids);
        long lastProgress = System.nanoTime();
        while (true) {
            int before = missing.size();
            missing.removeIf(done);
            if (missing.isEmpty()) {
                return;
            }
            if (missing.size() < before) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                String first = missing.get(0);
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s: %d of %d accepted messages incomplete, none completed for %d s; the first, %s, %s the"
                                + " gateway (%d arrivals) and has at the CRM: %s; see the server log",
                        phase,
                        missing.size(),
                        ids.size(),
                        STALL.toSeconds(),
                        first,
                        gateway.arrived(first) ? "reached" : "did not reach",
                        gateway.arrivals(first).size(),
                        crm.heard(first) == null ? "nothing" : crm.heard(first)));
            }
            Thread.sleep(50);
        }
    }

    /**
     * The books of every message so far: each accepted one reached the gateway and had what its sender reports reach
     * the CRM ({@link #complete}); nothing reached either that the CRM did not send, nor from another company than its
     * sender; no {@code error}, no status backwards, no status or reply a message's sender does not report. Repeats (a
     * second arrival at the gateway, a second status of one kind, a second reply) and the real sender's statuses
     * dropped as superseded ({@code sent} or {@code delivered} still waiting when a later status was reported: the CRM
     * never sees them late) are counted, as figures ({@code figuresToo}: the run's last books; earlier ones only
     * check).
     */
    /** The share of the run's messages whose first attempt went straight from their accept (the server's counters). */
    /** Accepts (POSTs answered 202) over the transactions that stored them, between two readings of /metrics. */
    private static double acceptsPerCommit(Prometheus before, Prometheus after) {
        return (after.value("chat_accepts_written_total") - before.value("chat_accepts_written_total"))
                / Math.max(1, after.value("chat_accept_commits_total") - before.value("chat_accept_commits_total"));
    }

    private Prometheus serverMetrics() {
        PluginClient.Answer answer = plugin.get("/metrics");
        if (answer.status() != 200) {
            throw new IllegalStateException("/metrics answered " + answer.status());
        }
        return Prometheus.parse(answer.body());
    }

    private void straightShare() {
        Prometheus metrics = serverMetrics();
        double straight = metrics.value("chat_messages_sent_straight_total");
        figures.put("messages sent straight from their accept", straight, "");
        figures.put(
                "share sent straight from their accept",
                100 * straight / metrics.value("chat_messages_accepted_total"),
                "%");
    }

    private void accountForEveryMessage(boolean figuresToo) throws InterruptedException {
        List<String> all = List.copyOf(accepted.keySet());
        awaitComplete("the run's last messages", all);
        long gatewayRepeats = 0;
        long otherCompanies = 0;
        for (String id : all) {
            String company = accepted.get(id).company().companyId();
            for (Gateway.Arrival arrival : gateway.arrivals(id)) {
                if (arrival.company().equals(company)) {
                    gatewayRepeats++;
                } else {
                    otherCompanies++;
                }
            }
            gatewayRepeats--; // the first arrival is no repeat
        }
        long unknownAtGateway = gateway.ids().stream()
                .filter(id -> !id.startsWith("noop-") && !accepted.containsKey(id))
                .count();
        long unknownAtCrm =
                crm.heardIds().stream().filter(id -> !accepted.containsKey(id)).count();
        long sentRepeats = 0;
        long laterStatusRepeats = 0;
        long replies = 0;
        long replyRepeats = 0;
        long superseded = 0;
        long errors = 0;
        long backwards = 0;
        int backwardsShown = 0;
        long notTheirs = 0;
        long wrongCompany = 0;
        for (String id : all) {
            Origin origin = accepted.get(id);
            Crm.Heard heard = crm.heard(id);
            sentRepeats += Math.max(0, heard.count(Crm.Status.SENT) - 1);
            laterStatusRepeats +=
                    Math.max(0, heard.count(Crm.Status.DELIVERED) - 1) + Math.max(0, heard.count(Crm.Status.READ) - 1);
            replies += heard.replies();
            replyRepeats += Math.max(0, heard.replies() - 1);
            errors += heard.count(Crm.Status.ERROR);
            backwards += heard.backwards();
            if (heard.backwards() > 0 && backwardsShown++ < 5) {
                // Named, for its server log and history (the admin API): which one, and in what order the CRM heard.
                System.out.printf(
                        "  backwards: %s (%s): %s; heard %s%n", id, origin.sender(), heard.firstBackwards(), heard);
            }
            wrongCompany += heard.otherCompany()
                    + (heard.companyId().equals(origin.company().companyId()) ? 0 : 1);
            if (origin.sender() == Sender.ONE_STATUS) {
                notTheirs += heard.count(Crm.Status.DELIVERED) + heard.count(Crm.Status.READ) + heard.replies();
            } else {
                superseded +=
                        (heard.count(Crm.Status.SENT) == 0 ? 1 : 0) + (heard.count(Crm.Status.DELIVERED) == 0 ? 1 : 0);
                notTheirs += Sender.repliedTo(id) ? 0 : heard.replies();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Every message: %d accepted, %s refused; all reached the gateway (%d repeats) and had their"
                        + " statuses reach the CRM (sent repeats %d, later repeats %d, superseded %d), %d replies"
                        + " (%d repeats); %d errors, %d backwards, %d unverified plugin requests%n",
                all.size(),
                new TreeMap<>(refused),
                gatewayRepeats,
                sentRepeats,
                laterStatusRepeats,
                superseded,
                replies,
                replyRepeats,
                errors,
                backwards,
                crm.unverified());
        if (figuresToo) {
            figures.put("messages accepted (whole run)", all.size(), "");
            figures.put("gateway repeats (whole run)", gatewayRepeats, "");
            figures.put("sent status repeats (whole run)", sentRepeats, "");
            figures.put("delivered and read repeats (whole run)", laterStatusRepeats, "");
            figures.put("replies (whole run)", replies, "");
            figures.put("reply repeats (whole run)", replyRepeats, "");
            figures.put("sent or delivered superseded (real sender)", superseded, "");
        }
        List<String> wrong = new ArrayList<>();
        if (unknownAtGateway > 0) {
            wrong.add(unknownAtGateway + " messages reached the gateway that were never accepted");
        }
        if (otherCompanies > 0) {
            wrong.add(otherCompanies + " gateway arrivals under another company than the sender's (another run?)");
        }
        if (unknownAtCrm > 0) {
            wrong.add(unknownAtCrm + " messages got a status or a reply at the CRM that were never accepted");
        }
        if (wrongCompany > 0) {
            wrong.add(wrongCompany + " statuses or replies came from another company than the message's");
        }
        if (errors > 0) {
            wrong.add(errors + " error statuses reached the CRM");
        }
        if (backwards > 0) {
            wrong.add(backwards + " statuses reached the CRM after a further one (backwards)");
        }
        if (notTheirs > 0) {
            wrong.add(notTheirs + " statuses or replies reached the CRM that the message's sender does not report");
        }
        if (crm.strangeRequests() > 0) {
            wrong.add(crm.strangeRequests() + " plugin requests with an unknown status or no reply of the bench");
        }
        if (crm.unverified() > 0) {
            wrong.add(crm.unverified() + " plugin requests to the CRM failed their signature or claims check");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("The books do not balance: " + String.join("; ", wrong));
        }
    }

    /** The gateway called directly by as many threads as the plugin's senders, with the same request. */
    private double gatewayAlone(int callers, Duration duration) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        for (int c = 0; c < callers; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    String body = "{\"company\":\"noop\",\"messageId\":\"noop-" + UUID.randomUUID()
                            + "\",\"attempt\":1," + "\"instance\":\"noop\",\"acceptedAt\":0,\"calledAt\":0}";
                    try {
                        http.send(
                                HttpRequest.newBuilder(gateway.uri())
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        calls.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("no-op gateway callers still busy a minute after their end");
        }
        return calls.get() / (duration.toNanos() / 1e9);
    }

    /** Plain JDBC, 8 connections, one row like a send task per transaction: the database's own limit. */
    private void rawInsertRate(PluginDatabase database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_raw_insert (id VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " company_id VARCHAR(128) NOT NULL, message_id VARCHAR(255) NOT NULL, payload VARCHAR(100000) NOT NULL,"
                    + " state VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL)");
        }
        String payload = crm.sendBody("raw", "+15550000");
        double rate = database.commitRate(
                8, Duration.ofSeconds(5), null, "INSERT INTO bench_raw_insert VALUES (?, ?, ?, ?, ?, ?)", insert -> {
                    String id = UUID.randomUUID().toString();
                    insert.setString(1, id);
                    insert.setString(2, "raw");
                    insert.setString(3, id);
                    insert.setString(4, payload);
                    insert.setString(5, "QUEUED");
                    insert.setLong(6, System.currentTimeMillis());
                });
        System.out.println("The database alone (plain JDBC):");
        figures.put("raw insert+commit rate (8 connections)", rate, "/s");
    }

    /** 100,000 send task rows (20,000 quick), 1% due: the sweeper's two queries, as EclipseLink sends them. */
    private void sweepQuery(PluginDatabase database, String db) throws Exception {
        long now = System.currentTimeMillis();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO chat_send_task (id, company_id,"
                            + " plugin_alias, plugin_id, message_id, contact, payload, state, attempt_number, attempt_limit,"
                            + " next_attempt_at, enqueued_at, created_at, finished_at, chat_key, accepted_seq)"
                            + " VALUES (?, 'sweep', 'chat-plugin', '1', ?, '+15550000', '{}', ?, 1, 100, ?, ?, ?, ?, 'sweep', ?)")) {
                for (int i = 0; i < mode.sweepRows(); i++) {
                    boolean due = i % 100 == 0;
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, "sweep-" + i);
                    insert.setString(3, due ? "QUEUED" : "DONE");
                    insert.setLong(4, now - 120_000);
                    insert.setLong(5, now - 120_000);
                    insert.setLong(6, now - 120_000);
                    if (due) {
                        insert.setNull(7, Types.BIGINT);
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
            // The sweeper's two queries, one per branch of "stuck", each on its own index.
            String queuedDue =
                    "SELECT id FROM chat_send_task WHERE state = ? AND next_attempt_at <= ? AND enqueued_at < ?"
                            + " AND attempt_number < attempt_limit ORDER BY next_attempt_at LIMIT 500";
            String leaseRunOut = "SELECT id FROM chat_send_task WHERE state = ? AND lease_until < ? AND enqueued_at < ?"
                    + " AND attempt_number < attempt_limit ORDER BY lease_until LIMIT 500";
            long[] times = new long[20];
            int found = 0;
            for (int run = 0; run < times.length; run++) {
                long t0 = System.nanoTime();
                long at = System.currentTimeMillis();
                found = count(connection, queuedDue, "QUEUED", at) + count(connection, leaseRunOut, "RUNNING", at);
                times[run] = System.nanoTime() - t0;
            }
            connection.rollback();
            System.out.printf("Sweep over %d rows, 1%% due (found %d per batch of 500):%n", mode.sweepRows(), found);
            figures.put("sweep query p50", Figures.percentile(times, 0.5) / 1e6, "ms");
            figures.put("sweep query max", Figures.percentile(times, 1.0) / 1e6, "ms");
            if (db.equals("postgresql")) {
                for (String sweep : List.of(queuedDue, leaseRunOut)) {
                    try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sweep)) {
                        bindSweep(explain, sweep.equals(queuedDue) ? "QUEUED" : "RUNNING", System.currentTimeMillis());
                        try (ResultSet plan = explain.executeQuery()) {
                            while (plan.next()) {
                                System.out.println("    " + plan.getString(1));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Runs one of the sweep's queries; answers how many ids it found. */
    private static int count(Connection connection, String sweep, String state, long now) throws SQLException {
        int found = 0;
        try (PreparedStatement query = connection.prepareStatement(sweep)) {
            bindSweep(query, state, now);
            try (ResultSet ids = query.executeQuery()) {
                while (ids.next()) {
                    found++;
                }
            }
        }
        return found;
    }

    private static void bindSweep(PreparedStatement query, String state, long now) throws SQLException {
        query.setString(1, state);
        query.setLong(2, now);
        query.setLong(3, now - 60_000);
    }

    /** One send request, signed ahead, the message id in it and who sends it. */
    private record Signed(String id, String body, Origin origin) {}

    private static Duration driverCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    }

    private static List<String> ids(List<Signed> messages) {
        return messages.stream().map(Signed::id).toList();
    }

    /**
     * Signs {@code count} send requests of one company up front (on all cores), so signing stays out of the timings;
     * tokens are valid five minutes, so each phase signs its own just before it runs.
     */
    private List<Signed> signed(int count, Origin origin) {
        long first = sequence.getAndAdd(count) + 1;
        Signed[] messages = new Signed[count];
        long started = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> messages[i] = signed(first + i, origin));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (seconds > 5) {
            System.out.printf(Locale.ROOT, "  (signed %d requests in %.1f s)%n", count, seconds);
        }
        return List.of(messages);
    }

    /** One send request, signed now. */
    private Signed signedOne(Origin origin) {
        return signed(sequence.incrementAndGet(), origin);
    }

    private Signed signed(long number, Origin origin) {
        String id = "bench-" + number;
        return new Signed(id, crm.sendBody(origin.company(), id, "+1555" + (number % 200)), origin);
    }
}
