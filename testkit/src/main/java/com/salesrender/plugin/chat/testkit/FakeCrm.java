package com.salesrender.plugin.chat.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CRM, played by the test JVM: a real HTTP server that publishes its RSA public keys at {@code /pkey/{id}}
 * (counting every fetch) and signs real RS512 tokens with the private keys.
 */
public final class FakeCrm implements AutoCloseable {

    static {
        // The JDK's server writes an answer's headers and its body apart: without TCP_NODELAY the body waits for
        // the client's delayed ACK (40 ms) on a kept-alive connection, which caps one connection at ~25 answers
        // a second. Read once, when the JVM's first HttpServer starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The plugin's self URI in the IT server's configuration (arquillian.xml). */
    public static final String SELF_URI = "http://plugin.test/";

    private final HttpServer server;
    private final Map<String, String> publishedPems = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> keyFetches = new ConcurrentHashMap<>();
    private final SigningKey key;
    private final Map<String, List<String>> issuedHpts = new ConcurrentHashMap<>();
    // Appending is O(1) (the plugin may send thousands of requests a second); callbacks() copies in arrival order.
    private final Map<String, Queue<Callback>> callbacks = new ConcurrentHashMap<>();
    private volatile CallbackListener listener;
    private volatile boolean keepCallbacks = true;
    private final Map<String, Deque<Integer>> scriptedAnswers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger upgradeRequests = new AtomicInteger();
    private final Map<String, byte[]> rawKeyAnswers = new ConcurrentHashMap<>();
    private final Set<String> trickledKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> trickledCompanies = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch keyGate = new CountDownLatch(0);
    private final AtomicInteger heldKeyRequests = new AtomicInteger();
    private final Set<String> heldCompanies = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch answerGate = new CountDownLatch(0);
    private final AtomicInteger heldAnswers = new AtomicInteger();

    public FakeCrm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        // Several requests at once: a held or trickled answer must not hold up the others.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-crm");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/pkey/", this::servePublicKey);
        server.createContext("/companies/", this::receiveCallback);
        server.createContext("/", this::unknownPath);
        server.start();
        key = newKey(true);
    }

    /** The issuer the plugin trusts in tests: {@code http://localhost:<port>/}. */
    public String issuer() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    /** The same server under a host name the plugin does not trust. */
    public String untrustedIssuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public SigningKey key() {
        return key;
    }

    /** A fresh RSA key; published at /pkey/{id} or not. */
    public SigningKey newKey(boolean publish) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            byte[] der = pair.getPublic().getEncoded();
            String id = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
            if (publish) {
                publishedPems.put(id, pem);
            }
            return new SigningKey(id, (RSAPrivateKey) pair.getPrivate(), pem);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int keyFetches(String keyId) {
        AtomicInteger count = keyFetches.get(keyId);
        return count == null ? 0 : count.get();
    }

    /** Standard claims of a CRM token for this plugin reference, valid for five minutes. */
    public JsonObjectBuilder claims(Company company) {
        long now = System.currentTimeMillis() / 1000;
        return JSON.createObjectBuilder()
                .add("iss", issuer())
                .add("aud", SELF_URI)
                .add("iat", now)
                .add("exp", now + 300)
                .add("jti", UUID.randomUUID().toString())
                .add("cid", company.companyId())
                .add(
                        "plugin",
                        JSON.createObjectBuilder().add("alias", company.alias()).add("id", company.pluginId()));
    }

    public String registrationToken(Company company, String hpt) {
        issuedHpts
                .computeIfAbsent(company.companyId(), c -> new CopyOnWriteArrayList<>())
                .add(hpt);
        return sign(claims(company)
                .add("HPT", hpt)
                .add("country", "US")
                .add("currency", "USD")
                .build());
    }

    public String sendToken(Company company, JsonObject body) {
        return sign(claims(company).add("body", body).build());
    }

    /**
     * The {@code X-PLUGIN-TOKEN} of a CRM user who may open the plugin's settings (claim {@code settings: true}), as
     * the CRM's settings page sends it.
     */
    public String settingsToken(Company company) {
        return sign(claims(company).add("settings", true).build());
    }

    /** The {@code X-PLUGIN-TOKEN} of a CRM user without the settings claim (what an upload carries). */
    public String userToken(Company company) {
        return sign(claims(company).build());
    }

    /** RS512 with the published key, {@code pkey} header naming it. */
    public String sign(JsonObject claims) {
        return sign(claims, key);
    }

    public String sign(JsonObject claims, SigningKey signingKey) {
        return sign(claims, signingKey.id(), signingKey);
    }

    /** RS512 with {@code signingKey}, but naming {@code keyId} (null: no pkey header). */
    public String sign(JsonObject claims, String keyId, SigningKey signingKey) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS512);
        if (keyId != null) {
            header.customParam("pkey", keyId);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(claims.toString()));
        try {
            jws.sign(new RSASSASigner(signingKey.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** Every request this server received, on any path. */
    public int requests() {
        return requests.get();
    }

    /**
     * Requests that asked to switch protocols ({@code Upgrade}, e.g. Java's default h2c upgrade): the reference speaks
     * plain HTTP/1.1, and Java 17's client misreads some upgraded answers of servers that accept.
     */
    public int requestsAskingToUpgrade() {
        return upgradeRequests.get();
    }

    private void counted(HttpExchange exchange) {
        requests.incrementAndGet();
        if (exchange.getRequestHeaders().containsKey("Upgrade")) {
            upgradeRequests.incrementAndGet();
        }
    }

    /** Key fetches of all ids. */
    public int keyFetches() {
        return keyFetches.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void unknownPath(HttpExchange exchange) throws IOException {
        counted(exchange);
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
    }

    /** Answers {@code /pkey/{id}} with 200 and these bytes as they are (not a key, too large...). */
    public void publishRaw(String keyId, byte[] body) {
        rawKeyAnswers.put(keyId, body);
    }

    /** Answers {@code /pkey/{id}} with 200 and then one byte every 200 ms for a minute. */
    public void trickleKey(String keyId) {
        trickledKeys.add(keyId);
    }

    /** From now on every key request waits (counted by {@link #heldKeyRequests()}) until {@link #releaseKeys()}. */
    public void holdKeys() {
        keyGate = new CountDownLatch(1);
    }

    public void releaseKeys() {
        keyGate.countDown();
    }

    /** Key requests waiting right now. */
    public int heldKeyRequests() {
        return heldKeyRequests.get();
    }

    /**
     * Holds the answers to this company's plugin requests (30 s at most) until {@link #releaseAnswers()}: a CRM that
     * keeps the plugin's workers waiting. The requests are recorded when they arrive.
     */
    public void holdAnswers(Company company) {
        answerGate = new CountDownLatch(1);
        heldCompanies.add(company.companyId());
    }

    /** Answers every held request and holds no more. */
    public void releaseAnswers() {
        heldCompanies.clear();
        answerGate.countDown();
    }

    /** How many plugin requests wait for their answer right now. */
    public int heldAnswers() {
        return heldAnswers.get();
    }

    /** Answers this company's plugin requests with their success code and then a body trickled for a minute. */
    public void trickleAnswers(Company company) {
        trickledCompanies.add(company.companyId());
    }

    private static void trickle(HttpExchange exchange) {
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 300; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException gone) {
            // the plugin stopped reading: that is what a deadline does
        }
    }

    /** Holds the request until the gate opens (30 s at most), counted in {@code held} meanwhile. */
    private static void waitAt(CountDownLatch gate, AtomicInteger held) {
        held.incrementAndGet();
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.decrementAndGet();
        }
    }

    private void servePublicKey(HttpExchange exchange) throws IOException {
        counted(exchange);
        String id = exchange.getRequestURI().getPath().substring("/pkey/".length());
        keyFetches.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch gate = keyGate;
        if (gate.getCount() > 0) {
            waitAt(gate, heldKeyRequests);
        }
        if (trickledKeys.contains(id)) {
            exchange.sendResponseHeaders(200, 0);
            trickle(exchange);
            return;
        }
        byte[] raw = rawKeyAnswers.get(id);
        if (raw != null) {
            exchange.sendResponseHeaders(200, raw.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(raw);
            }
            return;
        }
        String pem = publishedPems.get(id);
        byte[] body = (pem == null ? "not found" : pem).getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(pem == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The next answers to this company's plugin requests, in order; after them, the success code. */
    public void answerNext(Company company, Integer... codes) {
        scriptedAnswers
                .computeIfAbsent(company.companyId(), c -> new ConcurrentLinkedDeque<>())
                .addAll(List.of(codes));
    }

    /** Every request the plugin made to this company's CRM, in arrival order. */
    public List<Callback> callbacks(Company company) {
        return List.copyOf(callbacks.getOrDefault(company.companyId(), new ArrayDeque<>()));
    }

    /**
     * The customer messages the plugin forwarded to this company's CRM ({@code PUT .../incoming}), in arrival order.
     */
    public List<Callback> incoming(Company company) {
        return callbacks(company).stream().filter(Callback::isIncoming).toList();
    }

    /** The statuses the plugin reported to this company's CRM ({@code PATCH .../status}), in arrival order. */
    public List<Callback> statuses(Company company) {
        return callbacks(company).stream().filter(Callback::isStatus).toList();
    }

    /**
     * Waits up to {@code timeout} for a request to this company's CRM that matches, and answers the first one (the
     * requests already received included); empty when none came in time.
     */
    public Optional<Callback> awaitCallback(Company company, Predicate<Callback> matching, Duration timeout) {
        PluginClient.eventually(timeout, () -> callbacks(company).stream().anyMatch(matching));
        return callbacks(company).stream().filter(matching).findFirst();
    }

    /** Hears every plugin request to a company's CRM as it arrives (null: none); see {@link CallbackListener}. */
    public void listen(CallbackListener listener) {
        this.listener = listener;
    }

    /**
     * Whether {@link #callbacks(Company)} keeps the requests from now on (the default). A load generator that only
     * {@link #listen listens} turns it off, so memory does not grow with every request.
     */
    public void keepCallbacks(boolean keep) {
        keepCallbacks = keep;
    }

    /** Told of each plugin request to the CRM on the server's thread, before the answer: keep it short. */
    @FunctionalInterface
    public interface CallbackListener {

        /** {@code receivedAtNanos}: {@link System#nanoTime()} when the request reached the handler. */
        void received(Callback callback, long receivedAtNanos);
    }

    /**
     * Records a plugin request to {@code /companies/{cid}/CRM/plugin/chat/(status|incoming)}: which HPT issued to the
     * company verifies its HS512 signature (none: null), whether its claims are right, its body and __task.
     */
    private void receiveCallback(HttpExchange exchange) throws IOException {
        long receivedAt = System.nanoTime();
        counted(exchange);
        String[] path = exchange.getRequestURI().getPath().split("/", 4); // "", companies, cid, rest
        String cid = path[2];
        String endpoint = path.length > 3 ? path[3] : "";
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        Callback callback;
        try (JsonReader reader = JSON.createReader(new StringReader(raw))) {
            JsonObject request = reader.readObject();
            JWSObject jws = JWSObject.parse(request.getString("request"));
            String verifiedBy = null;
            for (String hpt : issuedHpts.getOrDefault(cid, List.of())) {
                if (verifiesHs512(jws, hpt)) {
                    verifiedBy = hpt;
                }
            }
            JsonObject claims;
            try (JsonReader claimsReader =
                    JSON.createReader(new StringReader(jws.getPayload().toString()))) {
                claims = claimsReader.readObject();
            }
            boolean claimsOk = SELF_URI.equals(claims.getString("iss", null))
                    && issuer().equals(claims.getString("aud", null))
                    && cid.equals(claims.getString("cid", null))
                    && claims.getJsonObject("plugin") != null
                    && claims.getJsonNumber("exp").longValue() > System.currentTimeMillis() / 1000
                    && JWSAlgorithm.HS512.equals(jws.getHeader().getAlgorithm());
            JsonObject jwtHeader;
            try (JsonReader headerReader = JSON.createReader(
                    new StringReader(jws.getHeader().toBase64URL().decodeToString()))) {
                jwtHeader = headerReader.readObject();
            }
            callback = new Callback(
                    exchange.getRequestMethod(),
                    endpoint,
                    verifiedBy,
                    claimsOk,
                    claims,
                    claims.get("body"),
                    request.getJsonObject("__task"),
                    headers,
                    jwtHeader,
                    request);
        } catch (Exception e) {
            callback = new Callback(
                    exchange.getRequestMethod(), endpoint, null, false, null, null, null, headers, null, null);
        }
        if (keepCallbacks) {
            callbacks.computeIfAbsent(cid, c -> new ConcurrentLinkedQueue<>()).add(callback);
        }
        CallbackListener heard = listener;
        if (heard != null) {
            heard.received(callback, receivedAt);
        }
        if (heldCompanies.contains(cid)) {
            waitAt(answerGate, heldAnswers);
        }
        Integer scripted =
                scriptedAnswers.getOrDefault(cid, new ConcurrentLinkedDeque<>()).poll();
        int code = scripted != null ? scripted : endpoint.endsWith("incoming") ? 201 : 200;
        if (trickledCompanies.contains(cid)) {
            exchange.sendResponseHeaders(code, 0);
            trickle(exchange);
            return;
        }
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * nimbus checks keys of 64 bytes and more; shorter HPTs (which nimbus refuses for HS512) are checked with the JDK.
     */
    private static boolean verifiesHs512(JWSObject jws, String hpt) throws Exception {
        byte[] secret = hpt.getBytes(StandardCharsets.UTF_8);
        if (secret.length >= 64) {
            return jws.verify(new MACVerifier(secret));
        }
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret, "HmacSHA512"));
        return MessageDigest.isEqual(
                mac.doFinal(jws.getSigningInput()), jws.getSignature().decode());
    }

    /**
     * One request the plugin made to the CRM: its HTTP headers (names in any case), the JWT's header and claims, and
     * the whole JSON body ({@code envelope}: the token and {@code __task}).
     */
    public record Callback(
            String method,
            String endpoint,
            String verifiedBy,
            boolean claimsOk,
            JsonObject claims,
            JsonValue body,
            JsonObject task,
            Map<String, String> headers,
            JsonObject jwtHeader,
            JsonObject envelope) {

        /** A request header, its name in any case; null when absent. */
        public String header(String name) {
            return headers.get(name);
        }

        public boolean isStatus() {
            return "CRM/plugin/chat/status".equals(endpoint);
        }

        public boolean isIncoming() {
            return "CRM/plugin/chat/incoming".equals(endpoint);
        }

        /** For a status: the status name. */
        public String status() {
            return body.asJsonObject().getString("status");
        }

        public String messageId() {
            return body.asJsonObject().getString("id");
        }

        /** For an incoming message: its {@code chat} ({@code id}, {@code contact}, {@code subject}). */
        public JsonObject chat() {
            return body.asJsonObject().getJsonObject("chat");
        }

        /** For an incoming message: its {@code message} ({@code content}, {@code attachments}). */
        public JsonObject message() {
            return body.asJsonObject().getJsonObject("message");
        }

        /** For an incoming message: the text of its content, null when it has none. */
        public String text() {
            JsonValue content = message().get("content");
            return content instanceof JsonObject object ? object.getString("text", null) : null;
        }
    }

    @Override
    public void close() {
        keyGate.countDown();
        answerGate.countDown();
        server.stop(0);
    }

    /** An RSA signing key and the id the CRM publishes it under. */
    public record SigningKey(String id, RSAPrivateKey privateKey, String pem) {}
}
