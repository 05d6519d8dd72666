package com.example.telegram;

import com.salesrender.plugin.chat.testkit.GatewayServer;
import com.salesrender.plugin.chat.testkit.GatewayServer.Reply;
import com.salesrender.plugin.chat.testkit.GatewayServer.Request;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Bot API, played by the test on the test kit's {@link GatewayServer}: {@code /bot<token>/<method>} and
 * {@code /file/bot<token>/<path>} answered with the JSON shapes of the Bot API documentation, every call recorded (with
 * its multipart parts). It knows the bots the test made ({@link #newBot}); any other token is answered 401
 * {@code Unauthorized}, as Telegram does. A chat's sends can be scripted to fail ({@link #answerNext}).
 *
 * <p>The plugin finds it at {@code telegram.api.url=http://localhost:${it.telegram.port}/} (arquillian.xml): declare
 * {@link Start} before {@code @PluginTest} so the server is up, its port in that property, before Arquillian starts
 * Payara Micro.
 */
final class FakeTelegram {

    /** Starts the Bot API server before Arquillian reads arquillian.xml. */
    static final class Start implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared();
        }
    }

    private static FakeTelegram shared;

    private final GatewayServer server;
    private final Set<String> bots = ConcurrentHashMap.newKeySet();
    private final Map<String, String> filePaths = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong(1000);
    private final SecureRandom random = new SecureRandom();

    private FakeTelegram(GatewayServer server) {
        this.server = server;
        server.route("/bot", this::method);
        server.route("/file/bot", this::file);
    }

    static synchronized FakeTelegram shared() {
        if (shared == null) {
            shared = new FakeTelegram(GatewayServer.shared("it.telegram.port"));
        }
        return shared;
    }

    GatewayServer server() {
        return server;
    }

    /** A bot Telegram knows: its token. */
    String newBot() {
        StringBuilder secret = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        for (int i = 0; i < 35; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String token = (100000 + random.nextInt(900000)) + ":" + secret;
        bots.add(token);
        return token;
    }

    /** A file customers sent: {@code getFile} names {@code path} for {@code fileId}, which serves {@code bytes}. */
    void file(String fileId, String path, byte[] bytes) {
        filePaths.put(fileId, path);
        files.put(path, bytes);
    }

    /** The next answers to {@code method} for {@code chat}, in order; after them, ok. */
    void answerNext(String chat, String method, Reply... replies) {
        scripted.computeIfAbsent(chat + "/" + method, k -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** The calls of {@code method} with the bot {@code token}, in arrival order. */
    List<Request> calls(String token, String method) {
        return server.requests(r -> r.path().equals("/bot" + token + "/" + method));
    }

    /** Every request naming the bot's token (methods and file downloads). */
    List<Request> callsOf(String token) {
        return server.requests(
                r -> r.path().startsWith("/bot" + token + "/") || r.path().startsWith("/file/bot" + token + "/"));
    }

    static Reply refusal(int code, String description) {
        return Reply.json(
                code,
                Json.createObjectBuilder()
                        .add("ok", false)
                        .add("error_code", code)
                        .add("description", description)
                        .build());
    }

    static Reply tooManyRequests(int retryAfter) {
        return Reply.json(
                429,
                Json.createObjectBuilder()
                        .add("ok", false)
                        .add("error_code", 429)
                        .add("description", "Too Many Requests: retry after " + retryAfter)
                        .add("parameters", Json.createObjectBuilder().add("retry_after", retryAfter))
                        .build());
    }

    private Reply method(Request request) {
        String[] path = request.path().split("/", 4); // "", bot<token>, method
        String token = path[1].substring("bot".length());
        String method = path.length > 2 ? path[2] : "";
        if (!bots.contains(token)) {
            return refusal(401, "Unauthorized");
        }
        return switch (method) {
            case "getMe" ->
                ok(Json.createObjectBuilder()
                        .add("id", Long.parseLong(token.substring(0, token.indexOf(':'))))
                        .add("is_bot", true)
                        .add("first_name", "Shop")
                        .add("username", "shop_bot"));
            case "setWebhook" -> Reply.json(200, "{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}");
            case "getFile" -> {
                String fileId = request.field("file_id");
                String filePath = fileId == null ? null : filePaths.get(fileId);
                yield filePath == null
                        ? refusal(400, "Bad Request: invalid file_id")
                        : ok(Json.createObjectBuilder()
                                .add("file_id", fileId)
                                .add("file_unique_id", "u" + fileId)
                                .add("file_size", files.get(filePath).length)
                                .add("file_path", filePath));
            }
            case "sendMessage", "sendPhoto", "sendVoice", "sendDocument" -> {
                String chat = request.field("chat_id");
                Deque<Reply> next = scripted.get(chat + "/" + method);
                Reply reply = next == null ? null : next.poll();
                yield reply != null
                        ? reply
                        : ok(Json.createObjectBuilder()
                                .add("message_id", messageIds.incrementAndGet())
                                .add("date", System.currentTimeMillis() / 1000)
                                .add(
                                        "chat",
                                        Json.createObjectBuilder()
                                                .add("id", Long.parseLong(chat))
                                                .add("type", "private")));
            }
            default -> refusal(404, "Not Found");
        };
    }

    private Reply file(Request request) {
        String rest = request.path().substring("/file/bot".length());
        String token = rest.substring(0, rest.indexOf('/'));
        byte[] bytes = files.get(rest.substring(rest.indexOf('/') + 1));
        if (!bots.contains(token) || bytes == null) {
            return refusal(404, "Not Found");
        }
        return Reply.bytes(200, "application/octet-stream", bytes);
    }

    private static Reply ok(JsonObjectBuilder result) {
        JsonObject answer =
                Json.createObjectBuilder().add("ok", true).add("result", result).build();
        return Reply.json(200, answer);
    }
}
