package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A broker cluster and a database failover, proven (started by bench/failover-proof): two Payara Micro instances, two
 * OpenMQ brokers in a conventional cluster (the instances' address lists name both), and a PostgreSQL primary with a
 * synchronous streaming replica (the instances' database host lists name both).
 *
 * <ol>
 *   <li>The CRM sends at a steady rate over both instances and broker 1 is killed (kill -9) a third of the way in:
 *       every send is still accepted, delivery goes on through broker 2, and the wake-ups broker 1 held are queued
 *       again at once (not at the sweeper's minute).
 *   <li>Broker 1 is started again and broker 2 killed: delivery goes on through broker 1, which rejoined the cluster
 *       and the instances' address lists without a restart of anything else.
 *   <li>The primary is stopped (immediate: as a crash) and, some seconds later, the replica promoted: while there is no
 *       primary every send is answered 202 or 503 with {@code Retry-After} (never 500), and the CRM sends the 503s
 *       again; the instances find the new primary themselves.
 * </ol>
 *
 * In every phase each accepted message reaches the gateway, and no message twice outside the window of attempts in
 * flight. Before the instances start, the commit rate of the primary is measured with {@code synchronous_commit} local,
 * remote_write and on: what waiting for the replica costs. Exits non-zero when a check fails.
 */
public final class FailoverProof {

    private static final int CLIENTS = 8;
    private static final int CHATS = 50;

    /** One send as the CRM saw it: when it began, its first answer, and when it was finally accepted (0: never). */
    private static final class Sent {
        final long startedAt;
        final long answeredAt;
        final int firstStatus;
        final String firstRetryAfter;
        volatile long acceptedAt;

        Sent(long startedAt, long answeredAt, int firstStatus, String firstRetryAfter, long acceptedAt) {
            this.startedAt = startedAt;
            this.answeredAt = answeredAt;
            this.firstStatus = firstStatus;
            this.firstRetryAfter = firstRetryAfter;
            this.acceptedAt = acceptedAt;
        }
    }

    private record Answer(int status, String retryAfter) {}

    private final Crm crm;
    private final Gateway gateway;
    private final PluginDatabase database = PluginDatabase.fromSystemProperties();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Proof verdict = new Proof("FAILOVER PROOF");
    private final int rate;
    private final int perPhase;

    private FailoverProof(Crm crm, Gateway gateway, int rate, int perPhase) {
        this.crm = crm;
        this.gateway = gateway;
        this.rate = rate;
        this.perPhase = perPhase;
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("proof.rate", 40);
        int seconds = Integer.getInteger("proof.phase-seconds", 30);
        Path work = Path.of(System.getProperty("proof.work", "target/failover-proof"));
        Path mqHome = Path.of(PayaraInstance.required("bench.openmq-home"));
        String brokerHost = PayaraInstance.required("proof.broker-host");
        int[] brokerPorts = List.of(
                        PayaraInstance.required("proof.broker-ports").split(","))
                .stream()
                .mapToInt(Integer::parseInt)
                .toArray();
        String cluster = brokerHost + ":" + brokerPorts[0] + "," + brokerHost + ":" + brokerPorts[1];
        // OpenMQ refuses to cluster on a loopback address: each broker names the machine's own.
        List<String> clusterOptions = List.of("-cluster", cluster, "-Dimq.hostname=" + brokerHost);
        Broker one = new Broker(
                mqHome, brokerPorts[0], work.resolve("broker-1/var"), "chatfail1", brokerHost, clusterOptions);
        Broker two = new Broker(
                mqHome, brokerPorts[1], work.resolve("broker-2/var"), "chatfail2", brokerHost, clusterOptions);
        PayaraInstance.Settings settings = PayaraInstance.Settings.fromSystemProperties();
        PayaraInstance a = null;
        PayaraInstance b = null;
        FailoverProof proof = null;
        try (Crm crm = new Crm();
                Gateway gateway = new Gateway(32)) {
            one.start();
            two.start();
            proof = new FailoverProof(crm, gateway, rate, rate * seconds);
            proof.commitCosts();
            List<String> options = new ArrayList<>(crm.pluginOptions());
            options.add("-Dbench.gateway=" + gateway.uri());
            // -Dproof.sender=real: the bench's real-plugin sender (sent, then delivered and read, a reply for one
            // message in three) instead of the one-status one.
            options.add("-Dbench.sender=" + System.getProperty("proof.sender", "one-status"));
            a = Proof.instance("a", 18191, work, settings, options);
            b = Proof.instance("b", 18192, work, settings, options);
            Proof.startBoth(a, b);
            crm.register(a.base());
            URL[] bases = {a.base(), b.base()};
            proof.steady("phase 0", "zero-", bases, List.of(a, b), List.of(one, two));
            proof.brokerLost("phase 1", "one-", bases, one, "broker 1");
            one.start();
            proof.brokerLost("phase 2", "two-", bases, two, "broker 2");
            two.start();
            proof.databaseFailover("phase 3", "three-", bases);
        } finally {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
            one.stop();
            two.stop();
        }
        // Its verdict after the finally: a failed proof stops its instances and brokers too.
        proof.verdict.finish();
    }

    /**
     * Plain JDBC on the primary, 8 connections, one row per transaction, 4 s for each {@code synchronous_commit}: local
     * (the primary's disk only), remote_write (and the replica's memory), on (and the replica's disk).
     */
    private void commitCosts() throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE proof_commit (id VARCHAR(36) PRIMARY KEY, body TEXT)");
        }
        String body = crm.sendBody("commit", "+15550000");
        Map<String, Double> rates = new TreeMap<>();
        for (String level : List.of("local", "remote_write", "on")) {
            rates.put(
                    level,
                    database.commitRate(
                            8,
                            Duration.ofSeconds(4),
                            "SET synchronous_commit TO " + level,
                            "INSERT INTO proof_commit VALUES (?, ?)",
                            insert -> {
                                insert.setString(1, UUID.randomUUID().toString());
                                insert.setString(2, body);
                            }));
        }
        // Gone before the plugin starts: its migrations begin on an empty schema.
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE proof_commit");
        }
        System.out.printf(
                "Commit rate of the primary (8 connections, one row each): synchronous_commit=local %.0f/s,"
                        + " remote_write %.0f/s, on %.0f/s (on costs %.0f%% of local)%n",
                rates.get("local"),
                rates.get("remote_write"),
                rates.get("on"),
                100 * (1 - rates.get("on") / rates.get("local")));
    }

    /**
     * Everything up, the steady rate: what one message costs the database (commits) and the brokers and instances (CPU
     * time), for docs/scale.md.
     */
    private void steady(String phase, String prefix, URL[] bases, List<PayaraInstance> instances, List<Broker> brokers)
            throws Exception {
        List<String> ids = Proof.ids(prefix, perPhase / 2);
        long commits = commits();
        Duration brokerCpu = brokers.stream().map(Broker::cpuTime).reduce(Duration.ZERO, Duration::plus);
        Duration instanceCpu = instances.stream().map(PayaraInstance::cpuTime).reduce(Duration.ZERO, Duration::plus);
        Map<String, Sent> sent = sendSteadily(ids, bases, Map.of());
        settle(phase, ids, sent);
        // The statuses and replies still on their way to the CRM belong to these messages too.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Thread.sleep(3000);
        while (crmRequestsPending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        double n = ids.size();
        System.out.printf(
                "%s: %d messages at %d/s (%s sender), all up: %.1f database commits per message (every commit of the database,"
                        + " sweeps and timers included); CPU per message: brokers %.2f ms, instances %.2f ms%n",
                phase,
                ids.size(),
                rate,
                System.getProperty("proof.sender", "one-status"),
                (commits() - commits) / n,
                (brokers.stream()
                                        .map(Broker::cpuTime)
                                        .reduce(Duration.ZERO, Duration::plus)
                                        .minus(brokerCpu))
                                .toNanos()
                        / 1e6
                        / n,
                (instances.stream()
                                        .map(PayaraInstance::cpuTime)
                                        .reduce(Duration.ZERO, Duration::plus)
                                        .minus(instanceCpu))
                                .toNanos()
                        / 1e6
                        / n);
        doubles(phase, ids, 0);
    }

    private long crmRequestsPending() throws Exception {
        return number("SELECT COUNT(*) FROM crm_request WHERE state IN ('QUEUED', 'RUNNING')");
    }

    /** Transactions committed in the plugin's database so far (PostgreSQL's own count). */
    private long commits() throws Exception {
        return number("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    private long number(String query) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                java.sql.ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Sends at the steady rate, kills {@code broker} a third of the way in, and checks every message. */
    private void brokerLost(String phase, String prefix, URL[] bases, Broker broker, String name) throws Exception {
        List<String> ids = Proof.ids(prefix, perPhase);
        long[] killedAt = {0};
        long[] runningAtKill = {0};
        // The gateway holds every call for the 3 s before the kill: messages wait in the queues, some of them on the
        // broker about to die.
        Map<String, Sent> sent = sendSteadily(
                ids, bases, Map.of(perPhase / 3 - 3 * rate, () -> gateway.close(true), perPhase / 3, () -> {
                    runningAtKill[0] = database.sendTasks("RUNNING");
                    broker.kill();
                    killedAt[0] = System.currentTimeMillis();
                    gateway.close(false);
                }));
        System.out.printf("%s: %s%n", phase, answers(sent));
        long refused = sent.values().stream().filter(s -> s.firstStatus != 202).count();
        verdict.check(
                refused == 0,
                phase + ": every send accepted at once with " + name + " killed (" + refused + " were not)");
        settle(phase, ids, sent);
        long kill = killedAt[0];
        // Accepted before the kill, not at the gateway by then: their wake-ups may have been on the killed broker.
        long waitingAtKill = ids.stream()
                .filter(id -> sent.get(id).acceptedAt > 0 && sent.get(id).acceptedAt < kill)
                .filter(id -> !gateway.arrived(id) || first(id).arrivedAt() > kill)
                .count();
        long lastOfThem = ids.stream()
                .filter(id -> sent.get(id).acceptedAt > 0 && sent.get(id).acceptedAt < kill && gateway.arrived(id))
                .mapToLong(id -> first(id).arrivedAt())
                .max()
                .orElse(kill);
        long[] afterKill = ids.stream()
                .filter(id -> sent.get(id).acceptedAt >= kill && gateway.arrived(id))
                .mapToLong(id -> first(id).arrivedAt() - sent.get(id).acceptedAt)
                .sorted()
                .toArray();
        long p50 = afterKill.length == 0 ? -1 : afterKill[afterKill.length / 2];
        long max = afterKill.length == 0 ? -1 : afterKill[afterKill.length - 1];
        System.out.printf(
                "%s: %s killed (kill -9) after %d of %d sends; %d accepted messages were not at the gateway then,"
                        + " the last of them arrived %.1f s after the kill; messages accepted after the kill reached"
                        + " the gateway in p50 %d ms, max %d ms%n",
                phase, name, perPhase / 3, perPhase, waitingAtKill, (lastOfThem - kill) / 1000.0, p50, max);
        verdict.check(afterKill.length > 0, phase + ": messages were accepted after the kill");
        verdict.check(
                lastOfThem - kill < 30_000,
                phase + ": the messages waiting at the kill reached the gateway within 30 s of it, not at the"
                        + " sweeper's minute (" + (lastOfThem - kill) + " ms)");
        doubles(phase, ids, runningAtKill[0]);
    }

    /** Sends at the steady rate, stops the primary a third of the way in and promotes the replica later. */
    private void databaseFailover(String phase, String prefix, URL[] bases) throws Exception {
        String stopPrimary = PayaraInstance.required("proof.stop-primary");
        String promoteReplica = PayaraInstance.required("proof.promote-replica");
        long noPrimaryFor = Long.getLong("proof.no-primary-millis", 15_000);
        List<String> ids = Proof.ids(prefix, perPhase);
        long[] stoppedAt = {0};
        long[] promotedAt = {0};
        long[] runningAtStop = {0};
        Thread promotion = new Thread(() -> {
            try {
                Thread.sleep(noPrimaryFor);
                run(promoteReplica);
                promotedAt[0] = System.currentTimeMillis();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Sent> sent = sendSteadily(ids, bases, Map.of(perPhase / 3, () -> {
            runningAtStop[0] = database.sendTasks("RUNNING");
            run(stopPrimary);
            stoppedAt[0] = System.currentTimeMillis();
            promotion.start();
        }));
        promotion.join();
        System.out.printf("%s: %s%n", phase, answers(sent));
        Map<Integer, Long> firstAnswers = new TreeMap<>();
        sent.values().forEach(s -> firstAnswers.merge(s.firstStatus, 1L, Long::sum));
        long withoutRetryAfter = sent.values().stream()
                .filter(s -> s.firstStatus == 503 && (s.firstRetryAfter == null || s.firstRetryAfter.isBlank()))
                .count();
        long otherAnswers = sent.values().stream()
                .filter(s -> s.firstStatus != 202 && s.firstStatus != 503)
                .count();
        long firstAcceptedAfter = sent.values().stream()
                .filter(s -> s.firstStatus == 202 && s.startedAt >= promotedAt[0])
                .mapToLong(s -> s.acceptedAt)
                .min()
                .orElse(0);
        System.out.printf(
                "%s: primary stopped (immediate) after %d of %d sends, replica promoted %.1f s later; first answers"
                        + " %s; 503 without Retry-After: %d; first send accepted %.1f s after the promotion%n",
                phase,
                perPhase / 3,
                perPhase,
                (promotedAt[0] - stoppedAt[0]) / 1000.0,
                firstAnswers,
                withoutRetryAfter,
                firstAcceptedAfter == 0 ? -1 : (firstAcceptedAfter - promotedAt[0]) / 1000.0);
        verdict.check(otherAnswers == 0, phase + ": every answer 202 or 503, never 500 (" + firstAnswers + ")");
        verdict.check(withoutRetryAfter == 0, phase + ": every 503 carried Retry-After");
        verdict.check(firstAcceptedAfter > 0, phase + ": sends accepted again after the promotion");
        settle(phase, ids, sent);
        doubles(phase, ids, runningAtStop[0]);
        System.out.printf("%s: tasks on the new primary %s%n", phase, database.sendTasksByState());
    }

    /**
     * Sends one message every 1/rate s, spread over the instances (8 at a time); runs each step before the send of its
     * number. A 503 is sent again after its Retry-After (as the CRM does) until accepted or 2 minutes passed.
     */
    private Map<String, Sent> sendSteadily(List<String> ids, URL[] bases, Map<Integer, Step> steps) throws Exception {
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        for (int i = 0; i < ids.size(); i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Step step = steps.get(i);
            if (step != null) {
                step.run();
            }
            String id = ids.get(i);
            URL base = bases[i % bases.length];
            pool.execute(() -> {
                long startedAt = System.currentTimeMillis();
                Answer answer = post(base, id);
                long answeredAt = System.currentTimeMillis();
                Sent one = new Sent(
                        startedAt,
                        answeredAt,
                        answer.status(),
                        answer.retryAfter(),
                        answer.status() == 202 ? answeredAt : 0);
                sent.put(id, one);
                long giveUp = startedAt + 120_000;
                while (answer.status() != 202 && System.currentTimeMillis() < giveUp) {
                    sleepRetryAfter(answer.retryAfter());
                    answer = post(base, id);
                    if (answer.status() == 202) {
                        one.acceptedAt = System.currentTimeMillis();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("sending took over 5 minutes");
        }
        return sent;
    }

    private Answer post(URL base, String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "special/send"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(crm.sendBody(id, Proof.contact(id, CHATS))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null);
        }
    }

    private static void sleepRetryAfter(String retryAfter) {
        long seconds = 1;
        try {
            seconds = Math.min(10, Long.parseLong(String.valueOf(retryAfter).trim()));
        } catch (NumberFormatException none) {
            // no usable Retry-After: a second
        }
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first answers by status, and how long they took (p50, p99, max). */
    private static String answers(Map<String, Sent> sent) {
        Map<Integer, Long> statuses = new TreeMap<>();
        sent.values().forEach(s -> statuses.merge(s.firstStatus, 1L, Long::sum));
        long[] took = sent.values().stream()
                .mapToLong(s -> s.answeredAt - s.startedAt)
                .sorted()
                .toArray();
        return String.format(
                "first answers %s in p50 %d ms, p99 %d ms, max %d ms",
                statuses, took[took.length / 2], took[(int) (took.length * 0.99)], took[took.length - 1]);
    }

    /** Every accepted message reaches the gateway and the books settle (nothing queued or running). */
    private void settle(String phase, List<String> ids, Map<String, Sent> sent) throws Exception {
        long neverAccepted = ids.stream()
                .filter(id -> sent.get(id) == null || sent.get(id).acceptedAt == 0)
                .count();
        verdict.check(
                neverAccepted == 0, phase + ": every message accepted in the end (" + neverAccepted + " were not)");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && ids.stream().anyMatch(id -> !gateway.arrived(id))) {
            Thread.sleep(250);
        }
        List<String> missing =
                ids.stream().filter(id -> !gateway.arrived(id)).limit(10).toList();
        long missingCount = ids.stream().filter(id -> !gateway.arrived(id)).count();
        System.out.printf("%s: %d of %d messages at the gateway%n", phase, ids.size() - missingCount, ids.size());
        verdict.check(
                missingCount == 0,
                phase + ": no accepted message lost (" + missingCount + " missing, e.g. " + missing + ")");
        while (System.nanoTime() < deadline) {
            Map<String, Long> states = database.sendTasksByState();
            if (states.getOrDefault("QUEUED", 0L) == 0 && states.getOrDefault("RUNNING", 0L) == 0) {
                return;
            }
            Thread.sleep(500);
        }
        verdict.check(false, phase + ": tasks settled (none queued or running): " + database.sendTasksByState());
    }

    /** Messages that reached the gateway twice: at most the attempts in flight when the fault struck. */
    private void doubles(String phase, List<String> ids, long inFlight) {
        long twice = ids.stream().filter(id -> gateway.arrivals(id).size() > 1).count();
        System.out.printf(
                "%s: %d messages arrived twice (%d attempts were in flight at the fault)%n", phase, twice, inFlight);
        verdict.check(twice <= inFlight, phase + ": double sends at most the attempts in flight at the fault");
    }

    private Gateway.Arrival first(String id) {
        return gateway.arrivals(id).stream()
                .min(Comparator.comparingLong(Gateway.Arrival::arrivedAt))
                .orElseThrow();
    }

    private static void run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
