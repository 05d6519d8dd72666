package com.salesrender.plugin.chat.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The messaging gateway, played by the driver: the plugin's {@code GatewayChatSender} POSTs every message here. Each
 * arrival is recorded the moment it comes in, before the gateway "works" on it for {@link #hold(long)} ms, so a plugin
 * killed meanwhile leaves a message the gateway has but the plugin never recorded as sent: the one window no plugin can
 * close.
 */
final class Gateway implements AutoCloseable {

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    record Arrival(
            String company,
            String messageId,
            int attempt,
            String instance,
            long acceptedAt,
            long calledAt,
            long arrivedAt) {}

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private volatile long holdMillis;
    private volatile CountDownLatch closedUntil = new CountDownLatch(0);

    Gateway(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 1024);
        workers = Executors.newFixedThreadPool(threads);
        server.setExecutor(workers);
        server.createContext("/send", this::receive);
        server.start();
    }

    URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/send");
    }

    /** How long the gateway takes per message from now on. */
    void hold(long millis) {
        holdMillis = millis;
    }

    private void receive(HttpExchange exchange) throws IOException {
        long arrivedAt = System.currentTimeMillis();
        JsonObject body;
        try (InputStream in = exchange.getRequestBody();
                JsonReader reader = JSON.createReader(in)) {
            body = reader.readObject();
        }
        Arrival arrival = new Arrival(
                body.getString("company"),
                body.getString("messageId"),
                body.getInt("attempt"),
                body.getString("instance"),
                body.getJsonNumber("acceptedAt").longValue(),
                body.getJsonNumber("calledAt").longValue(),
                arrivedAt);
        arrivals.computeIfAbsent(arrival.messageId(), id -> new CopyOnWriteArrayList<>())
                .add(arrival);
        try {
            closedUntil.await();
            if (holdMillis > 0) {
                Thread.sleep(holdMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** From now on every call waits (the plugin's senders block) until {@code close(false)}. */
    void close(boolean closed) {
        if (closed) {
            closedUntil = new CountDownLatch(1);
        } else {
            closedUntil.countDown();
        }
    }

    int distinctArrivals() {
        return arrivals.size();
    }

    /** Every arrival of this message, in arrival order. */
    List<Arrival> arrivals(String messageId) {
        return List.copyOf(arrivals.getOrDefault(messageId, List.of()));
    }

    boolean arrived(String messageId) {
        return arrivals.containsKey(messageId);
    }

    /** The id of every message that arrived. */
    Set<String> ids() {
        return Set.copyOf(arrivals.keySet());
    }

    /** All arrivals of all messages. */
    List<Arrival> all() {
        return arrivals.values().stream().flatMap(List::stream).toList();
    }

    void forget() {
        arrivals.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
