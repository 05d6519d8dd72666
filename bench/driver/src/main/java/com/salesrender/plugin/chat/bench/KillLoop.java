package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kill loop, in the run command's default mode (H2 file database and OpenMQ broker inside the Payara JVM, both
 * under the data folder given as plugin.data-dir, which PayaraInstance passes on; bench/kill-loop sets it). Four
 * companies send signed messages all along (about 40 a second; a send that got no 202 is sent again until it does, as
 * the CRM does; a new message only while fewer than {@link #MOST_OPEN} accepted ones wait for their read and reply),
 * while the server is killed with kill -9 at random moments (default 20 times, 3-10 s after each start) and stopped
 * twice with SIGTERM, and started again each time on the same data folder. The sender is the echo example
 * ({@code plugin.echo.delay=0}): it reports the statuses and then forwards a reply holding the message's text, so the
 * CRM (the test kit's {@link FakeCrm}, played here) hears, per message id, every status and every ChatSender call (one
 * reply per call).
 *
 * <p>The books, printed at the end, each failing the run when it does not balance:
 *
 * <ul>
 *   <li>every send accepted in the end, and every id answered 202 in the database (the admin API's message search);
 *   <li>each reached the ChatSender once; more only for a message whose history shows {@code TAKEN_OVER} (its claim was
 *       taken over after its worker died: it was in flight at a kill);
 *   <li>each got its final status {@code read} and its reply at the CRM, never {@code error}, never a status going
 *       backwards ({@code sent} and {@code delivered} reported a moment before {@code read} are superseded by design
 *       and counted, not required);
 *   <li>the database opened every time: every start reached ready;
 *   <li>each SIGTERM: exit status 0, no HTTP 500 answered while stopping, no double send caused by it;
 *   <li>every request the plugin made to the CRM was signed with the company's HPT and its claims were right.
 * </ul>
 *
 * Also printed: after each kill, how long the messages accepted before it and without a status yet waited for their
 * first status (from the kill and from their acceptance), p50/p99/max per kill and over all kills.
 *
 * <p>Settings: {@code -Dkill.work} (logs and data), {@code -Dkill.kills} (20), {@code -Dkill.sigterms} (2),
 * {@code -Dkill.rate} (sends a second, 40), {@code -Dkill.seed} (random by default; printed), {@code -Dkill.port}
 * (18300).
 */
public final class KillLoop {

    private static final String ADMIN_TOKEN = "kill-loop-admin-token";
    private static final int CLIENTS = 4;
    private static final int CONTACTS = 25;
    private static final String TEXT = "kill loop message ";
    /** In the reply's text, which is the echo's prefix, the message's text and its suffix. */
    private static final Pattern REPLY = Pattern.compile("Reply to your message: .{0,8}" + TEXT + "(kl-\\d+-\\d+)\\.");

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RESEND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALLED = Duration.ofSeconds(90);

    /**
     * The clients send a new message only while fewer accepted messages than this wait for their {@code read} and reply
     * at the CRM, as a CRM's traffic is bounded by its operators: the load follows what the plugin drains. A status or
     * reply the CRM has not taken 300 s after it was made expires (the protocol's TTL, its token's {@code exp}). With a
     * kill every 3-10 s of up time and 20-25 s to start again, a slower machine was up a sixth of the time; the open
     * backlog grew to 1,360 messages and aged past 300 s, and a {@code read} made just before a kill was queued again
     * at ten starts and expired before any of them reached it. Holding the stops for the backlog instead did not help:
     * the load went on meanwhile and the backlog outgrew two minutes of up time. What the loop proves is that nothing
     * is lost or doubled across the stops, with hundreds of messages in flight at each.
     */
    private static final int MOST_OPEN = 300;

    private final Path work;
    private final int port;
    private final PayaraInstance.Settings settings;
    private final List<String> options;
    private final FakeCrm crm;
    private final List<Company> companies = new ArrayList<>();
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final List<Stop> stops = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final long t0 = System.currentTimeMillis();

    // What the clients did: every answer by phase and status; a sample body per status.
    private volatile String phase = "up";
    private final Map<String, Map<Integer, LongAdder>> answers = new ConcurrentHashMap<>();
    private final Set<String> phases = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<Integer, String> sampleBodies = new ConcurrentHashMap<>();
    private final LongAdder sends = new LongAdder();
    private final LongAdder accepted202 = new LongAdder();
    /** How long the clients waited for the open messages to be fewer than {@link #MOST_OPEN}, ms. */
    private final LongAdder capped = new LongAdder();

    private volatile boolean sending = true;

    // What the CRM heard beyond the tracks.
    private final LongAdder unverified = new LongAdder();
    private final LongAdder unknownIds = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();

    private PayaraInstance server;
    private int starts;
    private long firstReadyAt = -1;
    private final List<Long> readyMillis = new ArrayList<>();
    private final List<String> startFailures = new ArrayList<>();

    private KillLoop(Path work, int port, PayaraInstance.Settings settings, List<String> options, FakeCrm crm) {
        this.work = work;
        this.port = port;
        this.settings = settings;
        this.options = options;
        this.crm = crm;
    }

    /** One message id: when it was accepted (first 202, epoch ms; -1: not yet) and what the CRM heard of it. */
    static final class Track {
        final String id;
        final Company company;
        final String contact;
        volatile long acceptedAt = -1;
        private final List<long[]> statuses = new ArrayList<>(); // {at, rank}: 1 sent, 2 delivered, 3 read, 4 error
        private final List<long[]> replies = new ArrayList<>(); // {at, attempt number the CRM request carried}
        // From the admin API, at the end.
        volatile int found = -1;
        volatile String dbState;
        volatile Long takenOverAt;
        /** When the echo sender scheduled its first step: the first ChatSender call (each call schedules one). */
        volatile Long firstCallAt;

        volatile String history;
        volatile String shape;

        Track(String id, Company company, String contact) {
            this.id = id;
            this.company = company;
            this.contact = contact;
        }

        synchronized void status(long at, int rank) {
            statuses.add(new long[] {at, rank});
        }

        synchronized void reply(long at, int attempt) {
            replies.add(new long[] {at, attempt});
        }

        boolean accepted() {
            return acceptedAt >= 0;
        }

        synchronized long firstStatusAt() {
            return statuses.stream().mapToLong(s -> s[0]).min().orElse(-1);
        }

        /** First status or reply the CRM received: the earliest sign the ChatSender was called. */
        synchronized long firstHeardAt() {
            long first = Long.MAX_VALUE;
            for (long[] s : statuses) {
                first = Math.min(first, s[0]);
            }
            for (long[] r : replies) {
                first = Math.min(first, r[0]);
            }
            return first == Long.MAX_VALUE ? -1 : first;
        }

        synchronized int count(int rank) {
            return (int) statuses.stream().filter(s -> s[1] == rank).count();
        }

        /** Whether a status arrived after a later one (statuses must never go backwards at the CRM). */
        synchronized boolean wentBackwards() {
            int highest = 0;
            for (long[] s : statuses) {
                if (s[1] < highest) {
                    return true;
                }
                highest = (int) Math.max(highest, s[1]);
            }
            return false;
        }

        synchronized int replies() {
            return replies.size();
        }

        /**
         * ChatSender calls, counted by the echo's replies: each call forwards one reply, a CRM request of its own whose
         * first delivery carries attempt number 0. A reply delivered again (its CRM request was in flight at a kill and
         * was sent again) carries a higher number and is not another call. When no first delivery arrived, the
         * redeliveries still prove one call.
         */
        synchronized int senderCalls() {
            int first = (int) replies.stream().filter(r -> r[1] == 0).count();
            return first > 0 ? first : replies.isEmpty() ? 0 : 1;
        }

        synchronized int redeliveredReplies() {
            return (int) replies.stream().filter(r -> r[1] > 0).count();
        }

        synchronized boolean complete() {
            return count(3) > 0 && !replies.isEmpty();
        }

        synchronized String heard(long t0) {
            StringBuilder text = new StringBuilder();
            for (long[] s : statuses) {
                text.append(' ').append(STATUS_NAMES[(int) s[1]]).append(String.format("@%.1f", (s[0] - t0) / 1000.0));
            }
            for (long[] r : replies) {
                text.append(" reply#").append(r[1]).append(String.format("@%.1f", (r[0] - t0) / 1000.0));
            }
            return text.length() == 0 ? " nothing" : text.toString();
        }
    }

    private static final String[] STATUS_NAMES = {"?", "sent", "delivered", "read", "error"};

    private static int rank(String status) {
        return switch (status) {
            case "sent" -> 1;
            case "delivered" -> 2;
            case "read" -> 3;
            case "error" -> 4;
            default -> 0;
        };
    }

    /**
     * One stop of the server: kill -9 or SIGTERM, when, the messages then accepted without a status, and the restart.
     */
    static final class Stop {
        final int number;
        final boolean sigterm;
        final int sigtermNumber;
        final long at;
        final List<Track> waiting = new ArrayList<>();
        final List<Long> waitingAcceptedAt = new ArrayList<>();
        int exitStatus;
        long exitedAt;
        long readyAt = -1;
        String stoppingPhase;

        Stop(int number, boolean sigterm, int sigtermNumber, long at) {
            this.number = number;
            this.sigterm = sigterm;
            this.sigtermNumber = sigtermNumber;
            this.at = at;
        }

        String name() {
            return sigterm ? "SIGTERM " + sigtermNumber : "kill " + number;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("kill.work", "target/kill-loop"));
        int kills = Integer.getInteger("kill.kills", 20);
        int sigterms = Integer.getInteger("kill.sigterms", 2);
        int rate = Integer.getInteger("kill.rate", 40);
        int port = Integer.getInteger("kill.port", 18300);
        long seed = Long.getLong("kill.seed", System.nanoTime());
        Files.createDirectories(work);
        List<String> options = new ArrayList<>();
        try (Crm forOptions = new Crm()) {
            options.addAll(forOptions.pluginOptions());
        }
        options.addAll(List.of("-Dplugin.echo.delay=0", "-Dplugin.admin.token=" + ADMIN_TOKEN));
        System.out.printf(
                "Kill loop: %d kill -9 and %d SIGTERM under %d signed sends a second from %d companies;"
                        + " seed %d; logs in %s%n",
                kills, sigterms, rate, CLIENTS, seed, work.toAbsolutePath());
        int code;
        try (FakeCrm crm = new FakeCrm()) {
            KillLoop loop = new KillLoop(work, port, PayaraInstance.Settings.fromSystemProperties(), options, crm);
            code = loop.run(kills, sigterms, rate, new Random(seed));
        }
        System.exit(code);
    }

    private int run(int kills, int sigterms, int rate, Random random) throws Exception {
        crm.keepCallbacks(false);
        crm.listen(this::heard);
        for (int c = 0; c < CLIENTS; c++) {
            companies.add(Company.fresh());
        }
        int total = kills + sigterms;
        // The SIGTERMs at distinct random places, never first nor last.
        Set<Integer> sigtermAt = new TreeSet<>();
        while (sigtermAt.size() < Math.min(sigterms, Math.max(0, total - 2))) {
            sigtermAt.add(2 + random.nextInt(total - 2));
        }
        List<Thread> clients = new ArrayList<>();
        boolean loopDone = false;
        try {
            if (!startServer()) {
                return report();
            }
            firstReadyAt = System.currentTimeMillis();
            for (int c = 0; c < CLIENTS; c++) {
                PluginClient.Answer answer =
                        new PluginClient(server.base()).register(crm, companies.get(c), "kill-loop-hpt-" + c);
                if (answer.status() != 200) {
                    throw new IllegalStateException("registration answered " + answer.status() + ": " + answer.body());
                }
            }
            long period = Math.max(1, TimeUnit.SECONDS.toNanos(1) * CLIENTS / rate);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> client(client, period), "kill-loop-client-" + c);
                thread.setDaemon(true);
                thread.start();
                clients.add(thread);
            }
            int sigtermNumber = 0;
            for (int i = 1; i <= total; i++) {
                Thread.sleep(3000 + random.nextInt(7001));
                boolean sigterm = sigtermAt.contains(i);
                Stop stop = new Stop(i, sigterm, sigterm ? ++sigtermNumber : 0, System.currentTimeMillis());
                for (Track track : tracks.values()) {
                    long acceptedAt = track.acceptedAt;
                    if (acceptedAt >= 0 && acceptedAt <= stop.at) {
                        long first = track.firstStatusAt();
                        if (first < 0 || first > stop.at) {
                            stop.waiting.add(track);
                            stop.waitingAcceptedAt.add(acceptedAt);
                        }
                    }
                }
                stops.add(stop);
                if (sigterm) {
                    stop.stoppingPhase = "SIGTERM " + stop.sigtermNumber + ": stopping";
                    phase(stop.stoppingPhase);
                    stop.exitStatus = server.terminate();
                    stop.exitedAt = System.currentTimeMillis();
                    phase("SIGTERM " + stop.sigtermNumber + ": down, starting");
                } else {
                    phase("after kill -9: down, starting");
                    server.kill();
                    stop.exitedAt = System.currentTimeMillis();
                }
                boolean ready = startServer();
                if (ready) {
                    stop.readyAt = System.currentTimeMillis();
                    phase("up");
                }
                System.out.printf(
                        "%6.1f s  %-10s %4d accepted messages without a status yet;%s down %.1f s%n",
                        seconds(stop.at),
                        stop.name(),
                        stop.waiting.size(),
                        sigterm
                                ? " exit status " + stop.exitStatus + " after " + (stop.exitedAt - stop.at) + " ms;"
                                : "",
                        ready ? (stop.readyAt - stop.at) / 1000.0 : Double.NaN);
                if (!ready) {
                    break;
                }
            }
            loopDone = startFailures.isEmpty();
            // The end: no new messages; every send not yet answered 202 is sent again until it is.
            sending = false;
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(40));
            }
            if (loopDone) {
                phase("end");
                resendUntilAccepted();
                awaitSettled();
                checkDatabase();
            }
        } finally {
            sending = false;
            if (server != null && server.isAlive()) {
                server.kill();
            }
        }
        if (!loopDone) {
            failures.add("the loop did not finish: a start failed, so the other books were not checked");
        }
        return report();
    }

    /** Starts the server on the same data folder (a fresh server root: the data folder holds the state). */
    private boolean startServer() throws IOException, InterruptedException {
        starts++;
        server = new PayaraInstance(String.format("start-%02d", starts), port, work, settings, options);
        server.start();
        try {
            server.awaitReady(READY_TIMEOUT);
            readyMillis.add(server.readyAfterMillis());
            return true;
        } catch (IllegalStateException notReady) {
            startFailures.add("start " + starts + ": " + notReady.getMessage());
            System.out.println("START " + starts + " FAILED: " + notReady.getMessage());
            Path log = work.resolve(server.name() + ".log");
            if (Files.exists(log)) {
                // The first errors say why (a boot command refused, the database not opened...); the last lines, where
                // it stopped.
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                List<String> shown = new ArrayList<>();
                for (int i = 0; i < lines.size() && shown.size() < 12; i++) {
                    if (lines.get(i).contains("SEVERE")
                            || lines.get(i).contains("Exception")
                            || lines.get(i).contains("failed")) {
                        shown.add(abbreviate(lines.get(i)));
                        if (i + 1 < lines.size()) {
                            shown.add(abbreviate(lines.get(i + 1)));
                        }
                    }
                }
                shown.add("...");
                lines.subList(Math.max(0, lines.size() - 6), lines.size()).forEach(l -> shown.add(abbreviate(l)));
                shown.forEach(l -> System.out.println("   | " + l));
            }
            if (server.isAlive()) {
                server.kill();
            }
            return false;
        }
    }

    private void phase(String name) {
        phases.add(name);
        phase = name;
    }

    /** One client: one company, a new message every period; a message is sent again until it gets 202. */
    private void client(int client, long periodNanos) {
        Company company = companies.get(client);
        PluginClient plugin = new PluginClient(server.base()); // the port stays the same across starts
        Random random = new Random(client);
        long next = System.nanoTime();
        for (long n = 1; sending; n++) {
            long waited = System.currentTimeMillis();
            while (sending && open() >= MOST_OPEN) {
                pause(100);
            }
            capped.add(System.currentTimeMillis() - waited);
            if (!sending) {
                break;
            }
            String id = "kl-" + client + "-" + n;
            Track track = new Track(
                    id,
                    company,
                    "+1555" + String.format("%03d", client) + String.format("%04d", random.nextInt(CONTACTS)));
            tracks.put(id, track);
            while (sending && !send(plugin, track)) {
                pause(250);
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                pause(TimeUnit.NANOSECONDS.toMillis(wait));
            } else {
                next = System.nanoTime(); // behind (the server was down): no burst to catch up
            }
        }
    }

    /** Accepted messages without their read and reply at the CRM yet. */
    private long open() {
        return tracks.values().stream()
                .filter(t -> t.accepted() && !t.complete())
                .count();
    }

    /** Sends the message once, signed now; answers whether it got 202 (then it is accepted, and only then). */
    private boolean send(PluginClient plugin, Track track) {
        int status;
        String body;
        try {
            PluginClient.Answer answer =
                    plugin.send(crm, track.company, Payloads.text(track.id, track.contact, TEXT + track.id + "."));
            status = answer.status();
            body = answer.body();
        } catch (IllegalStateException noAnswer) {
            status = -1;
            body = String.valueOf(noAnswer.getCause());
        }
        sends.increment();
        String now = phase;
        answers.computeIfAbsent(now, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
        sampleBodies.putIfAbsent(status, body == null ? "" : body);
        if (status == 202) {
            accepted202.increment();
            if (track.acceptedAt < 0) {
                track.acceptedAt = System.currentTimeMillis();
            }
            return true;
        }
        return false;
    }

    /** The CRM's side: every verified status and every reply, by message id. */
    private void heard(FakeCrm.Callback callback, long receivedAtNanos) {
        long at = System.currentTimeMillis();
        if (callback.verifiedBy() == null || !callback.claimsOk() || callback.body() == null) {
            unverified.increment();
            return;
        }
        try {
            if (callback.isStatus()) {
                Track track = tracks.get(callback.messageId());
                if (track == null) {
                    unknownIds.increment();
                } else {
                    track.status(at, rank(callback.status()));
                }
            } else if (callback.isIncoming()) {
                Matcher match = REPLY.matcher(callback.body().toString());
                Track track = match.find() ? tracks.get(match.group(1)) : null;
                if (track == null) {
                    unknownIds.increment();
                } else {
                    track.reply(at, attemptNumber(callback));
                }
            } else {
                otherRequests.increment();
            }
        } catch (RuntimeException malformed) {
            unverified.increment();
        }
    }

    private static int attemptNumber(FakeCrm.Callback callback) {
        JsonObject task = callback.task();
        if (task == null || !(task.get("attempt") instanceof JsonObject attempt)) {
            return 0;
        }
        return attempt.getInt("number", 0);
    }

    private void resendUntilAccepted() {
        PluginClient plugin = new PluginClient(server.base());
        long deadline = System.nanoTime() + RESEND_TIMEOUT.toNanos();
        int resent = 0;
        for (Track track : tracks.values()) {
            if (!track.accepted()) {
                resent++;
            }
            while (!track.accepted() && System.nanoTime() < deadline) {
                if (!send(plugin, track)) {
                    pause(500);
                }
            }
        }
        System.out.printf(
                "%6.1f s  sending stopped; %d messages not yet answered 202 were sent again%n", seconds(now()), resent);
    }

    /** Waits (bounded) until every accepted message has its final status and its reply at the CRM. */
    private void awaitSettled() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + SETTLE_TIMEOUT.toNanos();
        long lastPrint = started;
        long lastOpen = -1;
        long lastProgress = started;
        while (true) {
            long open = open();
            if (open == 0) {
                System.out.printf(
                        "%6.1f s  every accepted message has its status read and its reply at the CRM%n",
                        seconds(now()));
                return;
            }
            if (open != lastOpen) {
                lastOpen = open;
                lastProgress = System.nanoTime();
            }
            // Past the sweeps that bring back lost queue messages (plugin.queue.stale-after and the minute's sweep),
            // nothing more comes: stop early rather than wait the whole bound.
            boolean stalled = System.nanoTime() - lastProgress > STALLED.toNanos();
            if (System.nanoTime() > deadline || stalled) {
                // Slow (still completing when the bound ran out: a backlog) or lost (no progress at all): say which.
                System.out.printf(
                        "%6.1f s  gave up waiting after %d s (%s): %d accepted messages still without read or reply%n",
                        seconds(now()),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                        stalled
                                ? "no progress for " + STALLED.toSeconds() + " s"
                                : "the bound; the last one completed "
                                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastProgress)
                                        + " s before",
                        open);
                return;
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(20)) {
                lastPrint = System.nanoTime();
                System.out.printf(
                        "%6.1f s  waiting: %d accepted messages without read or reply yet%n", seconds(now()), open);
            }
            Thread.sleep(500);
        }
    }

    /** Every accepted message through the admin API's search: found, its state, and whether it was taken over. */
    private void checkDatabase() throws InterruptedException {
        List<Track> accepted = tracks.values().stream().filter(Track::accepted).toList();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (Track track : accepted) {
            pool.execute(() -> {
                if (System.nanoTime() > deadline) {
                    errors.computeIfAbsent("not asked: out of time", e -> new LongAdder())
                            .increment();
                    return;
                }
                try {
                    HttpResponse<String> answer = http.send(
                            HttpRequest.newBuilder(URI.create(server.base() + "admin/api/messages?messageId="
                                            + URLEncoder.encode(track.id, StandardCharsets.UTF_8)))
                                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        errors.computeIfAbsent(
                                        "answered " + answer.statusCode() + ": " + abbreviate(answer.body()),
                                        e -> new LongAdder())
                                .increment();
                        return;
                    }
                    describe(track, answer.body());
                } catch (IOException | RuntimeException e) {
                    errors.computeIfAbsent("no answer: " + e, x -> new LongAdder())
                            .increment();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(4, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        errors.forEach((error, count) -> failures.add("admin API message search: " + count + " times " + error));
    }

    private void describe(Track track, String body) {
        JsonObject answer;
        try (var reader = Json.createReader(new StringReader(body))) {
            answer = reader.readObject();
        }
        List<JsonObject> mine = new ArrayList<>();
        for (JsonValue item : answer.getJsonArray("items")) {
            JsonObject message = item.asJsonObject();
            if (track.company.companyId().equals(message.getString("companyId", null))
                    && track.id.equals(message.getString("messageId", null))) {
                mine.add(message);
            }
        }
        track.found = mine.size();
        if (mine.isEmpty()) {
            return;
        }
        JsonObject message = mine.get(0);
        track.dbState = message.getString("state", "?");
        StringBuilder history = new StringBuilder();
        List<String> shape = new ArrayList<>();
        JsonArray events = message.getJsonArray("history");
        if (events != null) {
            for (JsonValue value : events) {
                JsonObject event = value.asJsonObject();
                String name = event.getString("event", "?");
                long at = event.getJsonNumber("at").longValue();
                if ("TAKEN_OVER".equals(name) && track.takenOverAt == null) {
                    track.takenOverAt = at;
                }
                if ("SCHEDULED".equals(name)
                        && event.getString("task", "").startsWith("ScheduledJob")
                        && track.firstCallAt == null) {
                    track.firstCallAt = at;
                }
                String step = event.getString("task", "?").replace("Task", "").replace("Request", "") + ':' + name;
                history.append(' ').append(step).append(String.format("@%.1f", (at - t0) / 1000.0));
                if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(step)) {
                    shape.add(step);
                }
            }
        }
        track.history = history.toString();
        track.shape = String.join(" ", shape);
    }

    /**
     * The stop that found a message taken over twice in flight: the first after its first ChatSender call (the echo
     * sender schedules its first step in the call; the history has when). Without that sign, the last stop before the
     * first status or reply the CRM heard. A message accepted just before a kill -9 and called at once belongs to that
     * kill, even when a SIGTERM came before its lease ran out.
     */
    private Stop interruptedBy(Track track) {
        Long takenOver = track.takenOverAt;
        if (track.firstCallAt != null) {
            for (Stop stop : stops) {
                if (stop.at >= track.firstCallAt && (takenOver == null || stop.at <= takenOver)) {
                    return stop;
                }
            }
        }
        long heard = track.firstHeardAt();
        Stop last = null;
        for (Stop stop : stops) {
            if (stop.at < track.acceptedAt || (takenOver != null && stop.at > takenOver)) {
                continue;
            }
            if (stop.at >= heard) {
                return stop;
            }
            last = stop;
        }
        return last;
    }

    private int report() {
        System.out.println();
        System.out.println("== The books");
        List<Track> all = new ArrayList<>(tracks.values());
        List<Track> accepted = all.stream().filter(Track::accepted).toList();
        List<Track> neverAccepted = all.stream().filter(t -> !t.accepted()).toList();
        long killCount = stops.stream().filter(s -> !s.sigterm).count();
        long sigtermCount = stops.size() - killCount;
        System.out.printf(
                "Stops: %d kill -9 and %d SIGTERM in %.0f s; sends %d (answered 202: %d); message ids %d,"
                        + " accepted %d, never answered 202 %d%n",
                killCount,
                sigtermCount,
                seconds(now()),
                sends.sum(),
                accepted202.sum(),
                all.size(),
                accepted.size(),
                neverAccepted.size());
        // The load the server actually took while it was up (each client waits for its answer before the next send).
        long upMillis = 0;
        long readySince = firstReadyAt;
        for (Stop stop : stops) {
            upMillis += readySince < 0 ? 0 : stop.at - readySince;
            readySince = stop.readyAt;
        }
        long upAccepted = answers.getOrDefault("up", Map.of())
                .getOrDefault(202, new LongAdder())
                .sum();
        System.out.printf(
                "Load while up between the stops: %d answered 202 in %.0f s, %.1f a second (%d clients, one send at"
                        + " a time each)%n",
                upAccepted, upMillis / 1000.0, upMillis == 0 ? 0 : upAccepted * 1000.0 / upMillis, CLIENTS);
        System.out.printf(
                "Clients waited %.0f s in all for the open messages (accepted, without read and reply at the CRM) to be"
                        + " fewer than %d%n",
                capped.sum() / 1000.0, MOST_OPEN);
        System.out.println("Answers by phase (-1: no answer):");
        synchronized (phases) {
            for (String p : phases) {
                Map<Integer, Long> counts = new TreeMap<>();
                answers.getOrDefault(p, Map.of()).forEach((status, count) -> counts.put(status, count.sum()));
                System.out.printf("   %-34s %s%n", p, counts);
            }
        }
        sampleBodies.forEach((status, body) -> {
            if (status != 202) {
                System.out.println("   e.g. " + status + ": " + abbreviate(body));
            }
        });
        check(
                neverAccepted.isEmpty(),
                "every send accepted in the end: " + neverAccepted.size() + " ids never got 202",
                neverAccepted);

        // The database opened every time.
        long[] ready = readyMillis.stream().mapToLong(Long::longValue).toArray();
        System.out.printf(
                "Starts: %d, ready %d (ready after p50 %.1f s, max %.1f s)%n",
                starts, ready.length, Figures.percentile(ready, 0.5) / 1000, Figures.percentile(ready, 1.0) / 1000);
        check(
                startFailures.isEmpty() && ready.length == starts,
                "the database opened every time: " + startFailures,
                List.of());

        // Every accepted id in the database.
        long asked = accepted.stream().filter(t -> t.found >= 0).count();
        List<Track> notInDatabase = accepted.stream().filter(t -> t.found == 0).toList();
        List<Track> twiceInDatabase = accepted.stream().filter(t -> t.found > 1).toList();
        Map<String, Long> states = new TreeMap<>();
        accepted.stream().filter(t -> t.dbState != null).forEach(t -> states.merge(t.dbState, 1L, Long::sum));
        System.out.printf(
                "Database (admin API): %d of %d accepted ids looked up; %d missing, %d stored more than once;"
                        + " states %s%n",
                asked, accepted.size(), notInDatabase.size(), twiceInDatabase.size(), states);
        check(
                asked == accepted.size(),
                "every accepted id looked up in the database (" + asked + " of " + accepted.size() + ")",
                List.of());
        check(
                notInDatabase.isEmpty(),
                "every id answered 202 is in the database: " + notInDatabase.size() + " missing",
                notInDatabase);
        check(
                twiceInDatabase.isEmpty(),
                "every id stored once: " + twiceInDatabase.size() + " more than once",
                twiceInDatabase);

        // Statuses and replies at the CRM.
        List<Track> noRead = accepted.stream().filter(t -> t.count(3) == 0).toList();
        List<Track> noReply = accepted.stream().filter(t -> t.replies() == 0).toList();
        List<Track> withError = accepted.stream().filter(t -> t.count(4) > 0).toList();
        List<Track> backwards = accepted.stream().filter(Track::wentBackwards).toList();
        long withSent = accepted.stream().filter(t -> t.count(1) > 0).count();
        long withDelivered = accepted.stream().filter(t -> t.count(2) > 0).count();
        long statusRepeats = accepted.stream()
                .mapToLong(t -> Math.max(0, t.count(1) - 1) + Math.max(0, t.count(2) - 1) + Math.max(0, t.count(3) - 1))
                .sum();
        System.out.printf(
                "CRM: of %d accepted, read %d, reply %d; sent %d, delivered %d (a status superseded by a later one"
                        + " before it went out is dropped by design: counted, not required); error %d; statuses received twice %d;"
                        + " went backwards %d;"
                        + " requests failing the signature or claims %d; about unknown ids %d%n",
                accepted.size(),
                accepted.size() - noRead.size(),
                accepted.size() - noReply.size(),
                withSent,
                withDelivered,
                withError.size(),
                statusRepeats,
                backwards.size(),
                unverified.sum(),
                unknownIds.sum());
        List<Track> incomplete = accepted.stream().filter(t -> !t.complete()).toList();
        if (!incomplete.isEmpty()) {
            // Where the incomplete ones stopped, by their history in the database (times left out; repeats merged).
            Map<String, Long> shapes = new TreeMap<>();
            incomplete.forEach(t -> shapes.merge(
                    (t.shape == null ? "(not looked up)" : t.shape) + " | CRM heard:"
                            + t.heard(t0).replaceAll("@[0-9.]+", "").replaceAll("reply#\\d+", "reply"),
                    1L,
                    Long::sum));
            System.out.println("   incomplete at the CRM, by history in the database | what the CRM heard:");
            shapes.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> System.out.printf("     %5d  %s%n", e.getValue(), e.getKey()));
            long returned = incomplete.stream()
                    .filter(t -> t.shape != null && t.shape.contains("Send:DONE") && !t.shape.contains("Crm:"))
                    .count();
            System.out.printf(
                    "   %d of them: the ChatSender returned (DONE) and no status of theirs was ever stored%n",
                    returned);
            tasksInTheDatabase(incomplete);
        }
        check(
                noRead.isEmpty(),
                "every accepted id got its status read at the CRM: " + noRead.size() + " did not",
                noRead);
        check(noReply.isEmpty(), "every accepted id got its reply at the CRM: " + noReply.size() + " did not", noReply);
        check(withError.isEmpty(), "no accepted id got the status error: " + withError.size() + " did", withError);
        check(backwards.isEmpty(), "statuses never went backwards at the CRM: " + backwards.size() + " did", backwards);
        check(
                unverified.sum() == 0,
                "every CRM request signed with the company's HPT, its claims right: " + unverified.sum() + " were not",
                List.of());
        check(
                unknownIds.sum() == 0,
                "every CRM request about a message the CRM sent: " + unknownIds.sum() + " were not",
                List.of());

        // The ChatSender once; twice only when taken over after its worker died.
        List<Track> doubles = accepted.stream().filter(t -> t.senderCalls() > 1).toList();
        List<Track> unexplained =
                doubles.stream().filter(t -> t.takenOverAt == null).toList();
        long takenOver = accepted.stream().filter(t -> t.takenOverAt != null).count();
        long redelivered =
                accepted.stream().mapToLong(Track::redeliveredReplies).sum();
        System.out.printf(
                "ChatSender: %d accepted ids reached it once, %d more than once (%d of them taken over after"
                        + " their worker died: allowed; %d not); %d taken over in all; %d replies delivered to the CRM again"
                        + " (CRM requests in flight at a stop, sent again: not ChatSender calls)%n",
                accepted.stream().filter(t -> t.senderCalls() == 1).count(),
                doubles.size(),
                doubles.size() - unexplained.size(),
                unexplained.size(),
                takenOver,
                redelivered);
        Map<Stop, List<Track>> doublesByStop = new LinkedHashMap<>();
        int shown = 0;
        for (Track track : doubles) {
            Stop stop = interruptedBy(track);
            doublesByStop.computeIfAbsent(stop, s -> new ArrayList<>()).add(track);
            // The unexplained ones first and all of them; of the others, a few.
            if (track.takenOverAt == null || shown++ < 5) {
                System.out.printf(
                        "   twice: %s (calls %d) accepted @%.1f, %s; in flight at %s; history:%s; CRM heard:%s%n",
                        track.id,
                        track.senderCalls(),
                        seconds(track.acceptedAt),
                        track.takenOverAt == null
                                ? "NOT taken over"
                                : String.format("taken over @%.1f", seconds(track.takenOverAt)),
                        stop == null ? "no stop" : stop.name(),
                        abbreviate(track.history),
                        track.heard(t0));
            }
        }
        if (shown > 5) {
            System.out.printf("   (%d more taken over and sent twice)%n", shown - 5);
        }
        check(
                unexplained.isEmpty(),
                "the ChatSender reached more than once only by messages taken over after a stop: " + unexplained.size()
                        + " were not",
                unexplained);

        // The SIGTERMs.
        for (Stop stop : stops) {
            if (!stop.sigterm) {
                continue;
            }
            Map<Integer, Long> whileStopping = new TreeMap<>();
            answers.getOrDefault(stop.stoppingPhase, Map.of())
                    .forEach((status, count) -> whileStopping.put(status, count.sum()));
            List<Track> doubled = doublesByStop.getOrDefault(stop, List.of());
            System.out.printf(
                    "%s at %.1f s: exit status %d after %d ms; answers while stopping %s; double sends %d%n",
                    stop.name(),
                    seconds(stop.at),
                    stop.exitStatus,
                    stop.exitedAt - stop.at,
                    whileStopping,
                    doubled.size());
            check(stop.exitStatus == 0, stop.name() + ": exit status 0 (was " + stop.exitStatus + ")", List.of());
            check(
                    !whileStopping.containsKey(500),
                    stop.name() + ": no HTTP 500 while stopping (" + whileStopping.getOrDefault(500, 0L) + ")",
                    List.of());
            check(doubled.isEmpty(), stop.name() + ": no double send caused by it (" + doubled.size() + ")", doubled);
        }

        latencies();

        System.out.println();
        if (failures.isEmpty()) {
            System.out.println("KILL LOOP PASSED");
            return 0;
        }
        failures.forEach(f -> System.out.println("KILL LOOP FAILED: " + f));
        return 1;
    }

    /** The task tables, each with the message id its rows are about. */
    private static final List<String> TASK_TABLES = List.of("chat_send_task", "crm_request", "plugin_job");

    /**
     * The incomplete messages' task rows as the database file holds them after the last server was killed, and whether
     * the sweeps' query for claims whose lease ran out finds each running one, by its index and by a full scan: a row
     * found by the scan alone is one the sweeps could never queue again. The database folder is copied first
     * (database-at-end/, as the kill left it), since opening it rolls back what the kill left uncommitted.
     */
    private void tasksInTheDatabase(List<Track> incomplete) {
        String dataDir = System.getProperty("plugin.data-dir");
        Path database = dataDir == null ? null : Path.of(dataDir, "database");
        if (database == null || !Files.isDirectory(database)) {
            return; // not the embedded database
        }
        try {
            Path kept = work.resolve("database-at-end");
            Files.createDirectories(kept);
            try (var files = Files.list(database)) {
                for (Path file : files.toList()) {
                    Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String url = "jdbc:h2:file:" + database.resolve("chat-plugin") + ";IFEXISTS=TRUE";
            long now = System.currentTimeMillis();
            try (Connection connection = DriverManager.getConnection(url, "plugin", "plugin")) {
                System.out.println("   their task rows (times in s of the run; lease run out and last queued a lease"
                        + " ago: the takeover sweep's rule, by index / by full scan):");
                for (Track track : incomplete.stream().limit(10).toList()) {
                    for (String table : TASK_TABLES) {
                        printRows(connection, table, track.id, now);
                    }
                }
            }
        } catch (IOException | SQLException e) {
            System.out.println("   (the database file could not be read: " + e + ")");
        }
    }

    private void printRows(Connection connection, String table, String messageId, long now) throws SQLException {
        String columns = "id, state, attempt_number, attempt_limit, claim_id, lease_until, enqueued_at,"
                + " next_attempt_at, last_attempt_at, finished_at";
        try (PreparedStatement rows =
                connection.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE message_id = ?")) {
            rows.setString(1, messageId);
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    String id = row.getString("id");
                    System.out.printf(
                            "     %s %s %s %s attempt %d/%d claim %s lease %s queued %s due %s last %s ended %s;"
                                    + " stuck by index %s, by scan %s%n",
                            messageId,
                            table,
                            id,
                            row.getString("state"),
                            row.getInt("attempt_number"),
                            row.getInt("attempt_limit"),
                            row.getString("claim_id"),
                            at(row, "lease_until"),
                            at(row, "enqueued_at"),
                            at(row, "next_attempt_at"),
                            at(row, "last_attempt_at"),
                            at(row, "finished_at"),
                            stuck(connection, table, "", id, now),
                            stuck(connection, table, " USE INDEX ()", id, now));
                }
            }
        }
    }

    /** Whether the takeover sweep's rule (TaskQuery.Rule.STUCK_RUNNING) finds this row, read as {@code hint} says. */
    private boolean stuck(Connection connection, String table, String hint, String id, long now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM " + table + hint
                        + " WHERE state = 'RUNNING' AND lease_until < ? AND enqueued_at < ? AND attempt_number < attempt_limit")) {
            query.setLong(1, now);
            query.setLong(2, now - Duration.ofSeconds(15).toMillis());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (id.equals(rows.getString(1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String at(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? "-" : String.format("%.1f", (value - t0) / 1000.0);
    }

    /** First-status latency of the messages accepted before each stop and without a status at it. */
    private void latencies() {
        System.out.println("First status of the messages accepted before each stop that had none yet at it"
                + " (from the stop | from their acceptance; s):");
        List<Long> allFromStop = new ArrayList<>();
        List<Long> allFromAccepted = new ArrayList<>();
        long allNever = 0;
        for (Stop stop : stops) {
            List<Long> fromStop = new ArrayList<>();
            List<Long> fromAccepted = new ArrayList<>();
            long never = 0;
            for (int i = 0; i < stop.waiting.size(); i++) {
                long first = stop.waiting.get(i).firstStatusAt();
                if (first < 0) {
                    never++;
                    continue;
                }
                fromStop.add(Math.max(0, first - stop.at));
                fromAccepted.add(Math.max(0, first - stop.waitingAcceptedAt.get(i)));
            }
            System.out.printf(
                    "   %-10s %4d messages: %s | %s%s%n",
                    stop.name(),
                    stop.waiting.size(),
                    spread(fromStop),
                    spread(fromAccepted),
                    never > 0 ? "; never got one: " + never : "");
            if (!stop.sigterm) {
                allFromStop.addAll(fromStop);
                allFromAccepted.addAll(fromAccepted);
                allNever += never;
            }
        }
        System.out.printf(
                "   %-10s %4d messages: %s | %s%s%n",
                "all kills",
                allFromStop.size() + allNever,
                spread(allFromStop),
                spread(allFromAccepted),
                allNever > 0 ? "; never got one: " + allNever : "");
    }

    private static String spread(Collection<Long> millis) {
        if (millis.isEmpty()) {
            return "-";
        }
        long[] samples = millis.stream().mapToLong(Long::longValue).toArray();
        return String.format(
                "p50 %.1f p99 %.1f max %.1f",
                Figures.percentile(samples, 0.5) / 1000,
                Figures.percentile(samples, 0.99) / 1000,
                Figures.percentile(samples, 1.0) / 1000);
    }

    private void check(boolean holds, String what, List<Track> examples) {
        if (holds) {
            return;
        }
        failures.add(what);
        for (Track track : examples.stream().limit(5).toList()) {
            System.out.printf(
                    "   %s: %s accepted @%.1f; in the database:%s; CRM heard:%s%n",
                    what.split(":")[0],
                    track.id,
                    seconds(track.acceptedAt),
                    track.history == null ? " (not looked up)" : track.dbState + track.history,
                    track.heard(t0));
        }
    }

    private double seconds(long epochMillis) {
        return (epochMillis - t0) / 1000.0;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
