package com.salesrender.plugin.chat.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway a plugin talks to, played by the test: a real HTTP server in the test JVM on a free port that answers
 * each request with the handler of the longest path prefix it matches (404 when none does) and records every request in
 * arrival order, with its headers, its body and, for a {@code multipart/form-data} body, its parts (the files a plugin
 * uploads).
 *
 * <pre>
 * GatewayServer gateway = GatewayServer.shared("it.gateway.port");
 * gateway.route("/messages", request -&gt; GatewayServer.Reply.json(200, "{\"ok\": true}"));
 * ...
 * GatewayServer.Request call = gateway.await(r -&gt; r.path().equals("/messages"), Duration.ofSeconds(30)).orElseThrow();
 * call.field("chat_id");              // a multipart part, a JSON member, a form or query parameter
 * call.part("photo").get().content(); // an uploaded file's bytes
 * </pre>
 *
 * <p>The plugin runs in another process, which Arquillian starts with the options of {@code arquillian.xml}; tell it
 * the gateway's address there with a property ({@code -Dacme.api.url=http://localhost:${it.gateway.port}/}). Arquillian
 * reads {@code arquillian.xml} when the first test class starts, so start the server before: {@link #shared} in a JUnit
 * extension declared before {@link PluginTest} ({@code @ExtendWith(MyGateway.class) @PluginTest class MyIT}), whose
 * {@code beforeAll} runs first. {@link #shared} binds the port the property names when the build gives one, and
 * otherwise a free one, which it then writes into the property.
 */
public final class GatewayServer implements AutoCloseable {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Map<String, GatewayServer> SHARED = new ConcurrentHashMap<>();
    private static final Pattern PARAMETER =
            Pattern.compile(";\\s*([A-Za-z0-9_*-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]*)");

    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    private GatewayServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        // Several requests at once: a slow answer must not hold up the others.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "gateway-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    /** A server of its own on a free port; {@link #close} it after the test. */
    public static GatewayServer start() throws IOException {
        return new GatewayServer(0);
    }

    /**
     * The server of this JVM for {@code portProperty}, started at the first call: on the port the system property names
     * when it is set (the build chose it), otherwise on a free port written into the property, so that
     * {@code ${portProperty}} in {@code arquillian.xml} names it. It runs until the JVM ends; tests of several classes
     * share it (give each test its own paths, tokens or accounts).
     */
    public static GatewayServer shared(String portProperty) {
        return SHARED.computeIfAbsent(portProperty, property -> {
            try {
                String given = System.getProperty(property);
                GatewayServer server = new GatewayServer(given == null ? 0 : Integer.parseInt(given.trim()));
                System.setProperty(property, String.valueOf(server.port()));
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("The gateway server for " + property + " cannot start", e);
            }
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>/}. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    /**
     * Answers requests whose path starts with {@code pathPrefix} with {@code handler} (the longest matching prefix
     * wins; a handler that throws is answered 500 with the exception's message). Replaces an earlier handler of the
     * same prefix.
     */
    public GatewayServer route(String pathPrefix, Function<Request, Reply> handler) {
        routes.put(pathPrefix, handler);
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests so far that match, in arrival order. */
    public List<Request> requests(Predicate<Request> matching) {
        return requests.stream().filter(matching).toList();
    }

    /** Waits up to {@code timeout} for a request that matches (those already received included): the first one. */
    public Optional<Request> await(Predicate<Request> matching, Duration timeout) {
        PluginClient.eventually(timeout, () -> requests.stream().anyMatch(matching));
        return requests.stream().filter(matching).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        long receivedAt = System.nanoTime();
        try (exchange) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    headers,
                    exchange.getRequestBody().readAllBytes(),
                    receivedAt);
            requests.add(request);
            Reply reply;
            try {
                reply = routes.entrySet().stream()
                        .filter(route -> request.path().startsWith(route.getKey()))
                        .max(Comparator.comparingInt(route -> route.getKey().length()))
                        .map(route -> route.getValue().apply(request))
                        .orElseGet(() -> Reply.text(404, "No route for " + request.path()));
            } catch (RuntimeException e) {
                reply = Reply.text(500, String.valueOf(e));
            }
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    /**
     * One request the plugin made: method, URI, headers (names in any case), body, and when it arrived
     * ({@link System#nanoTime()}, to compare two requests' times).
     */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body, long receivedAtNanos) {

        public String path() {
            return uri.getPath();
        }

        /** A header, its name in any case; null when absent. */
        public String header(String name) {
            return headers.get(name);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as a JSON object. */
        public JsonObject json() {
            try (JsonReader reader = JSON.createReader(new StringReader(text()))) {
                return reader.readObject();
            }
        }

        /** The parts of a {@code multipart/form-data} body, in order; none for any other body. */
        public List<Part> parts() {
            String type = String.valueOf(header("Content-Type"));
            String boundary = parameter(type, "boundary");
            if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || boundary == null) {
                return List.of();
            }
            return Part.split(body, boundary);
        }

        /** The part named {@code name}. */
        public Optional<Part> part(String name) {
            return parts().stream().filter(p -> p.name().equals(name)).findFirst();
        }

        /**
         * A parameter however it was sent: a multipart part's text, a member of a JSON body (its text, or its JSON for
         * a number, an object...), a form-encoded or query parameter; null when absent.
         */
        public String field(String name) {
            Optional<Part> part = part(name);
            if (part.isPresent()) {
                return part.get().text();
            }
            String type = String.valueOf(header("Content-Type")).toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json") && body.length > 0) {
                JsonValue value = json().get(name);
                if (value != null && value != JsonValue.NULL) {
                    return value instanceof JsonString s ? s.getString() : value.toString();
                }
                return null;
            }
            String form = type.startsWith("application/x-www-form-urlencoded") ? text() : uri.getRawQuery();
            if (form != null) {
                for (String pair : form.split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    if (URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8).equals(name)) {
                        return nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "";
                    }
                }
            }
            return null;
        }
    }

    /** One part of a multipart body: its name, file name and content type (null when not given) and bytes. */
    public record Part(String name, String fileName, String contentType, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        static List<Part> split(byte[] body, String boundary) {
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            List<Part> parts = new ArrayList<>();
            int at = indexOf(body, delimiter, 0);
            while (at >= 0) {
                int start = at + delimiter.length;
                if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                    break; // the closing delimiter
                }
                start += 2; // CRLF after the delimiter
                int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
                if (next < 0) {
                    break; // cut off: what is there is not a whole part
                }
                int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
                if (headersEnd < 0 || headersEnd > next) {
                    break;
                }
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String line : new String(body, start, headersEnd - start, StandardCharsets.UTF_8).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(
                                line.substring(0, colon).trim(),
                                line.substring(colon + 1).trim());
                    }
                }
                String disposition = "form-data"
                        + headers.getOrDefault("Content-Disposition", "").replaceFirst("^[^;]*", "");
                parts.add(new Part(
                        parameter(disposition, "name"),
                        parameter(disposition, "filename"),
                        headers.get("Content-Type"),
                        Arrays.copyOfRange(body, headersEnd + 4, next)));
                at = next + 2;
            }
            return parts;
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** A header parameter ({@code boundary=...}, {@code name="..."}), unquoted; null when absent. */
    static String parameter(String header, String name) {
        Matcher matcher = PARAMETER.matcher(header);
        while (matcher.find()) {
            if (matcher.group(1).equalsIgnoreCase(name)) {
                return matcher.group(3) != null ? matcher.group(3).replaceAll("\\\\(.)", "$1") : matcher.group(2);
            }
        }
        return null;
    }

    /** What the gateway answers: a status, a content type (null: none) and a body (empty: none). */
    public record Reply(int status, String contentType, byte[] body) {

        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply json(int status, JsonValue json) {
            return json(status, json.toString());
        }

        public static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply bytes(int status, String contentType, byte[] body) {
            return new Reply(status, contentType, body);
        }

        public static Reply empty(int status) {
            return new Reply(status, null, new byte[0]);
        }
    }
}
