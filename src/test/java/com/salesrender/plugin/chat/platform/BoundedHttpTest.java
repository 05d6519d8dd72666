package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.TestHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server: whole answers, capped answers, trickled answers, no answer. */
class BoundedHttpTest {

    private final HttpClient http = TestHttp.client();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/small", exchange -> answer(exchange.getResponseBody(), exchange, 200, "hello"));
        server.createContext(
                "/large", exchange -> answer(exchange.getResponseBody(), exchange, 404, "x".repeat(100_000)));
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('.');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // the client stopped reading
            }
        });
        server.createContext("/silent", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(OutputStream out, HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, bytes.length);
        try (out) {
            out.write(bytes);
        }
    }

    private BoundedHttp.Answer get(String path, int max, Duration deadline) throws Exception {
        URI uri = URI.create("http://localhost:" + server.getAddress().getPort() + path);
        return BoundedHttp.exchange(http, HttpRequest.newBuilder(uri).build(), max, deadline);
    }

    @Test
    void aWholeAnswer() throws Exception {
        BoundedHttp.Answer answer = get("/small", 100, Duration.ofSeconds(5));
        assertEquals(200, answer.status());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), answer.body());
        assertFalse(answer.cut());
    }

    @Test
    void exchangesDoNotStartAThreadEach() throws Exception {
        for (int i = 0; i < 5; i++) {
            get("/small", 100, Duration.ofSeconds(5)); // the client's and the server's pools start their threads
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, get("/small", 100, Duration.ofSeconds(5)).status());
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started < 10, "50 exchanges started " + started + " threads");
    }

    @Test
    void aLargeAnswerIsCutAtItsCap() throws Exception {
        BoundedHttp.Answer answer = get("/large", 1000, Duration.ofSeconds(5));
        assertEquals(404, answer.status());
        assertEquals(1000, answer.body().length);
        assertTrue(answer.cut());
    }

    @Test
    void aTrickledAnswerIsCutAtTheDeadline() throws Exception {
        BoundedHttp.Answer answer = get("/trickle", 100_000, Duration.ofMillis(500));
        assertEquals(200, answer.status());
        assertTrue(answer.cut());
        assertTrue(answer.body().length < 600, "the rest was never read");
    }

    @Test
    void noAnswerByTheDeadlineIsAnIoError() {
        assertThrows(IOException.class, () -> get("/silent", 100, Duration.ofMillis(500)));
    }

    @Test
    void aClosedPortAndAPortOutOfRangeAreIoErrors() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI refused = URI.create("http://localhost:" + closed + "/");
        assertThrows(
                IOException.class,
                () -> BoundedHttp.exchange(http, HttpRequest.newBuilder(refused).build(), 10, Duration.ofSeconds(5)));
        URI outOfRange = URI.create("http://localhost:99999/");
        assertThrows(
                IOException.class,
                () -> BoundedHttp.exchange(
                        http, HttpRequest.newBuilder(outOfRange).build(), 10, Duration.ofSeconds(5)));
    }
}
