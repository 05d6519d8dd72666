package com.salesrender.plugin.chat.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Crash tests under a steady load of signed sends, on one Payara Micro with PostgreSQL and a remote OpenMQ broker
 * (bench/crash-test starts PostgreSQL): (a) kill -9 the server and start it again, (b) kill the broker and start it
 * again, (c) restart PostgreSQL, (d) SIGTERM the server and start it again (the gateway holds its calls from 2 s before
 * the signal to 2 s after: attempts in flight, messages waiting behind them). After each: every message that got 202
 * reached the gateway; a message that reached it twice must be one whose send task was claimed (RUNNING) at the fault,
 * the one window no plugin can close (the gateway was called and the outcome not yet recorded), and there are no more
 * of them than there were claims; no task stays queued or running. Every answer is counted by status: a 500 fails every
 * phase; while the broker is away every send gets 202; while the server stops after a SIGTERM a send gets 202, a JSON
 * 503 with Retry-After, or no answer, nothing is sent twice, the server exits 0 leaving no claim behind, and every
 * accepted message reaches the gateway within 30 s of the restarted server being ready.
 */
public final class CrashTest {

    /** After a graceful stop, every accepted message reaches the gateway within this of the restart being ready. */
    private static final long DELIVERED_AFTER_READY_MILLIS = 30_000;
    /**
     * Before the SIGTERM the gateway stops answering this long: calls pile up in flight, the rest of their chats wait.
     */
    private static final long GATEWAY_CLOSED_BEFORE_SIGTERM_MILLIS = 2000;
    /** ... and answers again this long into the stop: the attempts in flight end within the grace, not at once. */
    private static final long GATEWAY_CLOSED_AFTER_SIGTERM_MILLIS = 2000;
    /** The longest lease the test's waits allow for (a kill -9 leaves its claims until their lease runs out). */
    private static final Duration LONGEST_LEASE = Duration.ofSeconds(30);

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private enum Kind {
        KILL_SERVER,
        KILL_BROKER,
        RESTART_DATABASE,
        SIGTERM_SERVER
    }

    private final Crm crm;
    private final Gateway gateway;
    private final PluginDatabase database = PluginDatabase.fromSystemProperties();
    private final List<String> failures = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    /** The CRM's HTTP/1.1 client, with the whole answer at hand (status, headers, body). */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private PayaraInstance server;

    private final Path work;

    private CrashTest(Crm crm, Gateway gateway, Path work) {
        this.crm = crm;
        this.gateway = gateway;
        this.work = work;
    }

    interface Step {
        void run() throws Exception;
    }

    /** One answer to a send, as the CRM gets it: status -1 when none came (refused, reset, timed out). */
    record Answer(int status, String body, String retryAfter) {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("crash.work", "target/crash-test"));
        Broker broker = new Broker(
                Path.of(PayaraInstance.required("crash.mq-home")),
                Integer.parseInt(PayaraInstance.required("crash.broker-port")),
                work.resolve("broker/var"));
        String restartDatabase = PayaraInstance.required("crash.restart-database");
        PayaraInstance.Settings settings = PayaraInstance.Settings.fromSystemProperties();
        try (Crm crm = new Crm();
                Gateway gateway = new Gateway(64)) {
            gateway.hold(10);
            List<String> options = new ArrayList<>(crm.pluginOptions());
            options.addAll(List.of(
                    "-Dbench.gateway=" + gateway.uri(),
                    "-Dplugin.queue.stale-after=PT5S",
                    "-Dplugin.send.interval=PT2S"));
            options.addAll(leaseOptions(settings.war()));
            CrashTest test = new CrashTest(crm, gateway, work);
            broker.start();
            test.server = new PayaraInstance("server", 18195, work, settings, options);
            try {
                test.server.start();
                test.server.awaitReady(Duration.ofMinutes(5));
                crm.register(test.server.base());
                for (int round = 1; round <= ROUNDS; round++) {
                    if (ROUNDS > 1) {
                        System.out.println("== round " + round + " of " + ROUNDS);
                    }
                    test.phases(broker, restartDatabase);
                }
            } finally {
                test.server.stop();
                broker.stop();
            }
            test.finish();
        }
    }

    /**
     * The phases, in order; {@code -Dcrash.phases=RESTART_DATABASE,KILL_BROKER} runs only those (and
     * {@code -Dcrash.rounds=N} runs them N times): a fault seen once can be tried again and again.
     */
    private static final Set<Kind> PHASES = phasesChosen();

    private static final int ROUNDS = Integer.getInteger("crash.rounds", 1);

    private static Set<Kind> phasesChosen() {
        String chosen = System.getProperty("crash.phases", "").trim();
        if (chosen.isEmpty()) {
            return EnumSet.allOf(Kind.class);
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String name : chosen.split(",")) {
            kinds.add(Kind.valueOf(name.trim()));
        }
        return kinds;
    }

    private void phases(Broker broker, String restartDatabase) throws Exception {
        CrashTest test = this;
        int[] exitStatus = {Integer.MIN_VALUE};
        test.underLoad(
                "kill -9 the server, start it again", Kind.KILL_SERVER, () -> {}, () -> test.server.kill(), () -> {
                    test.server.start();
                    test.server.awaitReady(Duration.ofMinutes(5));
                });
        test.underLoad("kill -9 the broker, start it again", Kind.KILL_BROKER, () -> {}, broker::kill, () -> {
            Thread.sleep(3000);
            broker.start();
        });
        test.underLoad(
                "restart PostgreSQL",
                Kind.RESTART_DATABASE,
                () -> {},
                () -> {
                    Process restart = new ProcessBuilder("bash", "-c", restartDatabase)
                            .inheritIO()
                            .start();
                    if (restart.waitFor() != 0) {
                        throw new IllegalStateException("database restart failed");
                    }
                },
                () -> {});
        // The gateway holds its calls from 2 s before the signal to 2 s after: attempts are in flight when
        // the signal comes (the grace must let them end and record it) and messages wait behind them in
        // their chats (claims not started are given back, and sent after the start).
        test.underLoad(
                "SIGTERM the server under load, then start it",
                Kind.SIGTERM_SERVER,
                () -> {
                    gateway.close(true);
                    Thread.sleep(GATEWAY_CLOSED_BEFORE_SIGTERM_MILLIS);
                },
                () -> {
                    Thread reopen = new Thread(() -> {
                        pause(GATEWAY_CLOSED_AFTER_SIGTERM_MILLIS);
                        gateway.close(false);
                    });
                    long signalled = System.currentTimeMillis();
                    reopen.start();
                    exitStatus[0] = test.server.terminate();
                    reopen.join();
                    System.out.printf(
                            "   SIGTERM: the server exited with status %d after %d ms (the gateway held"
                                    + " its calls until %d ms into the stop)%n",
                            exitStatus[0], System.currentTimeMillis() - signalled, GATEWAY_CLOSED_AFTER_SIGTERM_MILLIS);
                    test.check(
                            exitStatus[0] == 0,
                            "SIGTERM: the server exits with status 0 (it exited with " + exitStatus[0]
                                    + (exitStatus[0] == -1 ? ": still running after 60 s, killed" : "") + ")");
                },
                () -> {
                    test.server.start();
                    test.server.awaitReady(Duration.ofMinutes(5));
                });
    }

    /**
     * The lease of a claim: the plugin's default when the test's waits cover it (a kill -9 leaves its claims until
     * their lease runs out), otherwise {@link #LONGEST_LEASE}; {@code -Dcrash.lease=PT..} sets it.
     */
    private static List<String> leaseOptions(Path war) throws IOException {
        Properties defaults = pluginDefaults(war);
        String property = "plugin.task.lease";
        String lease = defaults.getProperty(property, "(none)");
        String grace = defaults.getProperty("plugin.shutdown.grace", "(not set)");
        String chosen = System.getProperty("crash.lease", "");
        if (chosen.isBlank()) {
            chosen = fitsTheWaits(lease) ? "" : LONGEST_LEASE.toString();
        }
        System.out.printf(
                "%s: %s by default, %s; plugin.shutdown.grace: %s%n",
                property,
                lease,
                chosen.isBlank() ? "the default in this test" : "-D" + property + "=" + chosen + " in this test",
                grace);
        return chosen.isBlank() ? List.of() : List.of("-D" + property + "=" + chosen);
    }

    private static boolean fitsTheWaits(String lease) {
        try {
            return Duration.parse(lease).compareTo(LONGEST_LEASE) <= 0;
        } catch (RuntimeException notADuration) {
            return false;
        }
    }

    /** The plugin's configuration defaults, as built into the WAR the test deploys. */
    private static Properties pluginDefaults(Path war) throws IOException {
        Properties defaults = new Properties();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            ZipEntry entry = zip.getEntry("WEB-INF/classes/META-INF/microprofile-config.properties");
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    defaults.load(in);
                }
            }
        }
        return defaults;
    }

    /** What one phase saw: every answer by status, which answers it refused, when each message was first accepted. */
    private final class Phase {
        final String name;
        final Kind kind;
        final Map<String, Integer> lastStatus = new ConcurrentHashMap<>();
        final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
        final Map<Integer, String> sampleBodies = new ConcurrentHashMap<>();
        final AtomicLong refused = new AtomicLong();
        final List<String> refusedSamples = Collections.synchronizedList(new ArrayList<>());

        Phase(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        Answer send(String id) {
            Answer answer = post(id);
            lastStatus.put(id, answer.status());
            if (answer.status() == 202) {
                acceptedAt.putIfAbsent(id, System.currentTimeMillis());
            }
            byStatus.computeIfAbsent(answer.status(), s -> new AtomicLong()).incrementAndGet();
            sampleBodies.putIfAbsent(answer.status(), answer.body());
            String why = refuse(answer);
            if (why != null) {
                refused.incrementAndGet();
                if (refusedSamples.size() < 5) {
                    refusedSamples.add(id + ": " + why);
                }
            }
            return answer;
        }

        /** Null when this phase allows the answer; else why not. */
        String refuse(Answer answer) {
            int status = answer.status();
            if (status == 202) {
                return null;
            }
            if (kind == Kind.KILL_BROKER) {
                // "Broker away: a send is still accepted (202: the row is committed)"; the server itself is up.
                return "with the broker away a send must get 202, it got " + describe(answer);
            }
            if (status == 500) {
                return "a 500: " + describe(answer);
            }
            if (kind == Kind.SIGTERM_SERVER && status != -1) {
                // While the server stops: a JSON 503 with Retry-After, never 500, never HTML (or no answer at all).
                return wellFormed503(answer)
                        ? null
                        : "while stopping, not a JSON 503 with Retry-After: " + describe(answer);
            }
            return null;
        }
    }

    private static boolean wellFormed503(Answer answer) {
        if (answer.status() != 503
                || answer.retryAfter() == null
                || answer.retryAfter().isBlank()) {
            return false;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(answer.body()))) {
            JsonObject body = reader.readObject();
            return body.containsKey("code")
                    && body.get("code").getValueType() == JsonValue.ValueType.NUMBER
                    && body.getInt("code") == 503;
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static String describe(Answer answer) {
        String body = answer.body() == null ? "" : answer.body().replaceAll("\\s+", " ");
        return answer.status() + (answer.retryAfter() == null ? "" : " Retry-After " + answer.retryAfter()) + " "
                + body.substring(0, Math.min(160, body.length()));
    }

    /** One signed send (signed now), the whole answer kept: status, body and Retry-After. */
    private Answer post(String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "special/send"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(crm.sendBody(id, contact(id))))
                .build();
        sendsUnderWay.put(id, System.nanoTime());
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException noAnswer) {
            return new Answer(-1, String.valueOf(noAnswer), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        } finally {
            sendsUnderWay.remove(id);
        }
    }

    /** Sends waiting for their answer, by id: when each was sent (nanoTime). */
    private final Map<String, Long> sendsUnderWay = new ConcurrentHashMap<>();

    /** A send unanswered this long has the server's threads dumped (once a phase): where did it wait? */
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(15);

    /**
     * Watches the sends under way during a phase: the first one unanswered for {@link #SLOW_ANSWER} has the server's
     * threads dumped (jcmd) into the work directory, while it still waits, so a hang can be read afterwards.
     */
    private Thread watchSlowAnswers(Kind kind, AtomicBoolean watching) {
        Thread watch = new Thread(() -> {
            while (watching.get()) {
                long now = System.nanoTime();
                boolean slow = sendsUnderWay.values().stream().anyMatch(t -> now - t > SLOW_ANSWER.toNanos());
                if (slow && server.isAlive()) {
                    Path dump = work.resolve("threads-" + kind + "-" + System.currentTimeMillis() + ".txt");
                    try {
                        new ProcessBuilder("jcmd", String.valueOf(server.pid()), "Thread.print", "-l")
                                .redirectErrorStream(true)
                                .redirectOutput(dump.toFile())
                                .start()
                                .waitFor();
                        System.out.println("   a send unanswered for " + SLOW_ANSWER.toSeconds()
                                + " s: the server's threads are in " + dump);
                        printRequestThreads(dump);
                    } catch (IOException e) {
                        System.out.println("   a send unanswered for " + SLOW_ANSWER.toSeconds() + " s; no dump: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                    return;
                }
                pause(1000);
            }
        });
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    /** The request threads of a thread dump that are in the plugin's code (where a send waits), three at most. */
    private static void printRequestThreads(Path dump) throws IOException {
        String[] threads = Files.readString(dump).split("\n\s*\n");
        int printed = 0;
        for (String thread : threads) {
            if (printed < 3 && thread.contains("http-thread-pool") && thread.contains("com.salesrender")) {
                printed++;
                thread.lines().limit(40).forEach(line -> System.out.println("     | " + line));
            }
        }
    }

    /** The server log's failed requests (answered 500) since {@code from} (a byte offset), with their stacks: two. */
    private void printFailedRequests(long from) throws IOException {
        List<String> lines;
        try (InputStream in = Files.newInputStream(server.log())) {
            in.skipNBytes(from);
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\u001B\\[[0-9;]*m", "") // the log's colours
                    .lines()
                    .toList();
        }
        int printed = 0;
        for (int i = 0; i < lines.size() && printed < 2; i++) {
            // The plugin's own mapper logs "Request failed"; a failure that escaped it, JAX-RS's runtime.
            if (lines.get(i).contains("Request failed") || lines.get(i).contains("ServerRuntime$Responder")) {
                printed++;
                System.out.println("   the server log's failed request:");
                lines.stream()
                        .skip(i)
                        .limit(60)
                        .filter(line -> !line.isBlank())
                        .forEach(line -> System.out.println("     | " + line));
            }
        }
    }

    /**
     * Load for a few seconds ({@code prepare} at their end), the fault ({@code strike}, then {@code recover}), load for
     * a few seconds more; then every send not yet accepted is sent again until it is, and every accepted message is
     * checked.
     */
    private void underLoad(String name, Kind kind, Step prepare, Step strike, Step recover) throws Exception {
        if (!PHASES.contains(kind)) {
            return;
        }
        System.out.println("== " + name);
        Phase phase = new Phase(name, kind);
        long began = System.currentTimeMillis();
        long logFrom = Files.size(server.log());
        AtomicBoolean watching = new AtomicBoolean(true);
        watchSlowAnswers(kind, watching);
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                while (sending.get()) {
                    String id = "crash-" + sequence.incrementAndGet();
                    // A CRM backs off a little when it got no 202.
                    pause(phase.send(id).status() == 202 ? 20 : 250);
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(5000);
        prepare.run();
        // The claims in flight at the fault: read just before it, and right after the blow (a dead worker's claims
        // stay RUNNING until their lease runs out; so does a claim whose outcome the database could not record).
        System.out.println("   just before the fault: tasks " + statesNow());
        Set<String> inFlight = new HashSet<>(running(Duration.ofSeconds(10)));
        long struck = System.currentTimeMillis();
        strike.run();
        long blown = System.currentTimeMillis();
        Set<String> runningAfter = running(Duration.ofSeconds(30));
        inFlight.addAll(runningAfter);
        recover.run();
        long recovered = System.currentTimeMillis();
        Thread.sleep(5000);
        sending.set(false);
        for (Thread client : clients) {
            client.join();
        }
        Map<Integer, Long> firstAnswers = new TreeMap<>();
        phase.lastStatus.values().forEach(status -> firstAnswers.merge(status, 1L, Long::sum));
        System.out.println("   first answers by status (-1: no answer): " + firstAnswers);
        // As the CRM does: a send that got no 202 is sent again until it does (the plugin accepts a message id once).
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long repeats = 0;
        for (String id : List.copyOf(phase.lastStatus.keySet())) {
            while (phase.lastStatus.get(id) != 202 && System.nanoTime() < deadline) {
                repeats++;
                if (phase.send(id).status() != 202) {
                    pause(500);
                }
            }
        }
        Map<Integer, Long> allAnswers = new TreeMap<>();
        phase.byStatus.forEach((status, count) -> allAnswers.put(status, count.get()));
        System.out.println("   all answers by status, " + repeats + " repeats included: " + allAnswers);
        phase.sampleBodies.forEach((status, body) -> {
            if (status != 202) {
                String text = body == null ? "" : body.replaceAll("\\s+", " ");
                System.out.println("     e.g. " + status + ": " + text.substring(0, Math.min(200, text.length())));
            }
        });
        phase.refusedSamples.forEach(sample -> System.out.println("     refused: " + sample));
        watching.set(false);
        if (phase.byStatus.containsKey(500)) {
            printFailedRequests(logFrom);
        }

        List<String> ids = phase.lastStatus.keySet().stream()
                .filter(id -> phase.lastStatus.get(id) == 202)
                .sorted()
                .toList();
        long unanswered = phase.lastStatus.size() - ids.size();
        awaitArrivals(ids, Duration.ofMinutes(4));
        Map<String, Long> states = awaitSettled(Duration.ofMinutes(3));
        long missing = ids.stream().filter(id -> !gateway.arrived(id)).count();
        List<String> twice =
                ids.stream().filter(id -> gateway.arrivals(id).size() > 1).toList();
        // Twice is acceptable only for a message whose task was claimed at the fault: the gateway had it, the
        // outcome was not recorded. A graceful stop kills nothing: nothing may arrive twice.
        List<String> notInFlight =
                twice.stream().filter(id -> !inFlight.contains(id)).toList();
        long takenOver = takenOverSince(struck);
        System.out.printf(
                "   %d sends, %d still unanswered at the end, fault took %d ms (%d ms the blow); %d reached"
                        + " the gateway, %d missing, %d twice (%d of them not claimed at the fault; %d claimed at the"
                        + " fault); %d tasks taken over after their lease ran out; tasks %s%n",
                phase.lastStatus.size(),
                unanswered,
                recovered - struck,
                blown - struck,
                ids.size() - missing,
                missing,
                twice.size(),
                notInFlight.size(),
                inFlight.size(),
                takenOver,
                states == null ? "(database never answered)" : states);
        String faultToArrival = printFaultToArrival(phase, ids, struck);

        check(
                phase.refused.get() == 0,
                name + ": every answer as promised (" + phase.refused.get() + " were not, e.g. " + phase.refusedSamples
                        + ")");
        check(unanswered == 0, name + ": every send accepted in the end (" + unanswered + " were not)");
        check(missing == 0, name + ": every accepted message reached the gateway (" + missing + " did not)");
        if (kind == Kind.SIGTERM_SERVER) {
            check(twice.isEmpty(), name + ": no double send (nothing was killed): " + twice);
            check(
                    runningAfter.isEmpty(),
                    name + ": the stopped server left no claim RUNNING (in flight finished,"
                            + " the others given back): " + runningAfter.size() + " left, e.g. "
                            + runningAfter.stream().limit(5).toList());
            checkDeliveredAfterReady(phase, ids, blown, recovered);
        } else {
            check(
                    notInFlight.isEmpty(),
                    name + ": a double send only of a message claimed at the fault: " + notInFlight);
            check(
                    twice.size() <= inFlight.size(),
                    name + ": double sends (" + twice.size() + ") at most the claims in flight at the fault ("
                            + inFlight.size() + ")");
        }
        check(states != null, name + ": the database answered after the fault (no task stuck could not be read)");
        check(
                states != null && states.getOrDefault("QUEUED", 0L) == 0 && states.getOrDefault("RUNNING", 0L) == 0,
                name + ": no task stuck: " + states);
        summary.add(String.format(
                "%-48s answers %s; %d accepted, %d missing, %d twice (%d claimed at the fault),"
                        + " %d taken over; fault to arrival %s",
                name, allAnswers, ids.size(), missing, twice.size(), inFlight.size(), takenOver, faultToArrival));
        System.out.printf("   (phase took %d s)%n", (System.currentTimeMillis() - began) / 1000);
    }

    /** Messages accepted before the fault that had not reached the gateway at the fault: when they did. */
    private String printFaultToArrival(Phase phase, List<String> ids, long struck) {
        List<String> waiting = ids.stream()
                .filter(id -> phase.acceptedAt.get(id) < struck)
                .filter(id ->
                        !gateway.arrived(id) || gateway.arrivals(id).get(0).arrivedAt() >= struck)
                .toList();
        long[] delays = waiting.stream()
                .filter(gateway::arrived)
                .mapToLong(id -> gateway.arrivals(id).get(0).arrivedAt() - struck)
                .toArray();
        System.out.printf(
                "   fault to gateway arrival of the %d messages accepted before the fault and not arrived"
                        + " yet: %s%n",
                waiting.size(), spread(delays));
        return delays.length == 0
                ? "none"
                : String.format("p99 %.0f ms (%d messages)", Figures.percentile(delays, 0.99), delays.length);
    }

    /**
     * After a graceful stop and a start: every accepted message reaches the gateway within 30 s of readiness (of its
     * acceptance, when that came later). Printed: the messages that waited for the restart (accepted before it was
     * ready, arrived after the old server had exited), from readiness to arrival; the new server sends before the
     * driver's readiness poll sees it ready (its HTTP port opens last), so some figures are below 0.
     */
    private void checkDeliveredAfterReady(Phase phase, List<String> ids, long exited, long ready) {
        List<String> waitedForTheRestart = ids.stream()
                .filter(id -> phase.acceptedAt.get(id) < ready)
                .filter(id -> gateway.arrived(id) && gateway.arrivals(id).get(0).arrivedAt() >= exited)
                .toList();
        long[] afterReady = waitedForTheRestart.stream()
                .mapToLong(id -> gateway.arrivals(id).get(0).arrivedAt() - ready)
                .toArray();
        System.out.printf(
                "   restart ready to gateway arrival of the %d accepted messages that waited for the restart:"
                        + " %s%n",
                waitedForTheRestart.size(), spread(afterReady));
        List<String> late = ids.stream()
                .filter(id -> !gateway.arrived(id)
                        || gateway.arrivals(id).get(0).arrivedAt()
                                > Math.max(ready, phase.acceptedAt.get(id)) + DELIVERED_AFTER_READY_MILLIS)
                .toList();
        check(
                late.isEmpty(),
                phase.name + ": every accepted message reached the gateway within "
                        + DELIVERED_AFTER_READY_MILLIS / 1000 + " s of the restart being ready (" + late.size()
                        + " did not, e.g. "
                        + late.stream()
                                .limit(5)
                                .map(id -> id + " accepted at ready" + signed(phase.acceptedAt.get(id) - ready)
                                        + " ms, "
                                        + (gateway.arrived(id)
                                                ? "arrived "
                                                        + (gateway.arrivals(id)
                                                                        .get(0)
                                                                        .arrivedAt()
                                                                - phase.acceptedAt.get(id))
                                                        + " ms later"
                                                : "never arrived"))
                                .toList()
                        + ")");
    }

    private static String signed(long millis) {
        return millis < 0 ? " - " + -millis : " + " + millis;
    }

    private static String spread(long[] millis) {
        if (millis.length == 0) {
            return "none";
        }
        return String.format(
                "p50 %.0f ms, p99 %.0f ms, max %d ms (min %d ms)",
                Figures.percentile(millis, 0.50),
                Figures.percentile(millis, 0.99),
                Arrays.stream(millis).max().orElse(0),
                Arrays.stream(millis).min().orElse(0));
    }

    /** The message ids of the claimed send tasks; the database may be coming back: read until it answers. */
    private Set<String> running(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return database.sendTaskMessageIds("RUNNING");
            } catch (SQLException away) {
                if (System.nanoTime() > deadline) {
                    check(false, "the database answered which tasks were claimed at the fault: " + away);
                    return Set.of();
                }
                Thread.sleep(200);
            }
        }
    }

    private String statesNow() {
        try {
            return database.sendTasksByState().toString();
        } catch (SQLException e) {
            return "(not read: " + e.getMessage() + ")";
        }
    }

    private long takenOverSince(long since) {
        try {
            return database.tasksWithEvent("TAKEN_OVER", since);
        } catch (SQLException e) {
            System.out.println("   (taken-over count not read: " + e.getMessage() + ")");
            return -1;
        }
    }

    private void awaitArrivals(List<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && ids.stream().anyMatch(id -> !gateway.arrived(id))) {
            Thread.sleep(500);
        }
    }

    /** Waits until no send task is queued or running; null when the database never answered. */
    private Map<String, Long> awaitSettled(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> states = null;
        while (System.nanoTime() < deadline) {
            try {
                states = database.sendTasksByState();
                if (states.getOrDefault("QUEUED", 0L) == 0 && states.getOrDefault("RUNNING", 0L) == 0) {
                    return states;
                }
            } catch (SQLException restarting) {
                // the database may still be coming back
            }
            Thread.sleep(500);
        }
        return states;
    }

    private void finish() {
        System.out.println("== Summary");
        summary.forEach(line -> System.out.println("   " + line));
        if (failures.isEmpty()) {
            System.out.println("CRASH TESTS PASSED");
            return;
        }
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.exit(1);
    }

    private void check(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
    }

    private static String contact(String messageId) {
        return "+1555" + String.format("%07d", Math.abs(messageId.hashCode()) % 20);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
