package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.PluginClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crash tests under a steady load of signed sends, on one Payara Micro with PostgreSQL and a remote OpenMQ
 * broker (bench/crash-test starts PostgreSQL): (a) kill -9 the server and start it again, (b) kill the broker
 * and start it again, (c) restart PostgreSQL. After each: every message that got 202 reached the gateway,
 * messages that reached it twice are counted (only the window no plugin can close is allowed: the gateway
 * was called and the outcome not yet recorded when the fault struck), and no task stays queued or running.
 */
public final class CrashTest {

    private final Crm crm;
    private final Gateway gateway;
    private final PluginDatabase database = PluginDatabase.fromSystemProperties();
    private final List<String> failures = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private PayaraInstance server;

    private CrashTest(Crm crm, Gateway gateway) {
        this.crm = crm;
        this.gateway = gateway;
    }

    interface Fault {
        void strike() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("crash.work", "target/crash-test"));
        Broker broker = new Broker(Path.of(PayaraInstance.required("crash.mq-home")),
                Integer.parseInt(PayaraInstance.required("crash.broker-port")), work.resolve("broker/var"));
        String restartDatabase = PayaraInstance.required("crash.restart-database");
        try (Crm crm = new Crm(); Gateway gateway = new Gateway(64)) {
            gateway.hold(10);
            List<String> options = new ArrayList<>(crm.pluginOptions());
            options.addAll(List.of("-Dbench.gateway=" + gateway.uri(), "-Dplugin.send.lease=PT30S",
                    "-Dplugin.queue.stale-after=PT5S", "-Dplugin.send.interval=PT2S"));
            CrashTest test = new CrashTest(crm, gateway);
            broker.start();
            test.server = new PayaraInstance("server", 18195, work, PayaraInstance.Settings.fromSystemProperties(), options);
            try {
                test.server.start();
                test.server.awaitReady(Duration.ofMinutes(5));
                crm.register(test.server.base());
                test.underLoad("kill -9 the server, start it again", () -> {
                    test.server.kill();
                    test.server.start();
                    test.server.awaitReady(Duration.ofMinutes(5));
                });
                test.underLoad("kill -9 the broker, start it again", () -> {
                    broker.kill();
                    Thread.sleep(3000);
                    broker.start();
                });
                test.underLoad("restart PostgreSQL", () -> {
                    Process restart = new ProcessBuilder("bash", "-c", restartDatabase).inheritIO().start();
                    if (restart.waitFor() != 0) {
                        throw new IllegalStateException("database restart failed");
                    }
                });
            } finally {
                test.server.stop();
                broker.stop();
            }
            test.finish();
        }
    }

    /** Load for a few seconds, the fault, load for a few seconds more; then every accepted message is checked. */
    private void underLoad(String name, Fault fault) throws Exception {
        System.out.println("== " + name);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Map<Integer, String> sampleBodies = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread client = new Thread(() -> {
                PluginClient plugin = new PluginClient(server.base());
                while (sending.get()) {
                    String id = "crash-" + sequence.incrementAndGet();
                    PluginClient.Answer answer = crm.answer(plugin, id, contact(id));
                    answers.put(id, answer.status());
                    sampleBodies.putIfAbsent(answer.status(), answer.body());
                    pause(20);
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(5000);
        long struck = System.currentTimeMillis();
        fault.strike();
        long recovered = System.currentTimeMillis();
        Thread.sleep(5000);
        sending.set(false);
        for (Thread client : clients) {
            client.join();
        }
        Map<Integer, Long> firstAnswers = new java.util.TreeMap<>();
        answers.values().forEach(status -> firstAnswers.merge(status, 1L, Long::sum));
        System.out.println("   first answers by status (-1: no answer): " + firstAnswers);
        sampleBodies.forEach((status, body) -> {
            if (status != 202) {
                System.out.println("     e.g. " + status + ": " + body.substring(0, Math.min(200, body.length())));
            }
        });
        // As the CRM does: a send that got no 202 is sent again until it does (the plugin accepts a message id once).
        PluginClient plugin = new PluginClient(server.base());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (Map.Entry<String, Integer> answer : answers.entrySet()) {
            while (answer.getValue() != 202 && System.nanoTime() < deadline) {
                answer.setValue(crm.send(plugin, answer.getKey(), contact(answer.getKey())));
                if (answer.getValue() != 202) {
                    System.out.println("   " + answer.getKey() + " sent again: " + answer.getValue());
                    pause(500);
                }
            }
        }
        List<String> ids = answers.keySet().stream().filter(id -> answers.get(id) == 202).toList();
        long unanswered = answers.size() - ids.size();
        awaitArrivals(ids, Duration.ofMinutes(4));
        Map<String, Long> states = awaitSettled(Duration.ofMinutes(3));
        long missing = ids.stream().filter(id -> !gateway.arrived(id)).count();
        List<String> twice = ids.stream().filter(id -> gateway.arrivals(id).size() > 1).toList();
        // Twice is acceptable only for a message the gateway first got before the system was whole again.
        List<String> outsideWindow = twice.stream()
                .filter(id -> gateway.arrivals(id).get(0).arrivedAt() > recovered + 1000).toList();
        System.out.printf("   %d sends, %d still unanswered at the end, fault took %d ms; %d reached the gateway, %d missing,"
                        + " %d twice (%d of them outside the fault's window); tasks %s%n", answers.size(),
                unanswered, recovered - struck,
                ids.size() - missing, missing, twice.size(), outsideWindow.size(), states);
        check(unanswered == 0, name + ": every send accepted in the end (" + unanswered + " were not)");
        check(missing == 0, name + ": every accepted message reached the gateway");
        check(outsideWindow.isEmpty(), name + ": no double send outside the fault's window: " + outsideWindow);
        check(states.getOrDefault("QUEUED", 0L) == 0 && states.getOrDefault("RUNNING", 0L) == 0,
                name + ": no task stuck: " + states);
    }

    private void awaitArrivals(List<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && ids.stream().anyMatch(id -> !gateway.arrived(id))) {
            Thread.sleep(500);
        }
    }

    private Map<String, Long> awaitSettled(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> states = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                states = database.sendTasksByState();
                if (states.getOrDefault("QUEUED", 0L) == 0 && states.getOrDefault("RUNNING", 0L) == 0) {
                    return states;
                }
            } catch (java.sql.SQLException restarting) {
                // the database may still be coming back
            }
            Thread.sleep(500);
        }
        return states;
    }

    private void finish() {
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
