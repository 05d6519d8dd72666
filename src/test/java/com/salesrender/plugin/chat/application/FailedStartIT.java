package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.PluginServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParsingException;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and failing to start, on Payara Micro launched as the run command launches it, with the packaged WAR, while
 * a client polls the port as fast as it can. Until the plugin is ready a request is refused at the connection, never
 * answered 404, 500, 503 or an HTML page by a server without the plugin. A start that cannot succeed (a wrong
 * {@code /info} property, a malformed secrets key, a database that cannot be reached or prepared) makes the process
 * exit with status 1 and say why on standard error, and its port never answers.
 */
class FailedStartIT {

    /**
     * These fail before any database is used, or on a database of their own: the same on either pass, so in the H2 pass
     * only. The good start uses the pass's database and runs in both.
     */
    private static final String ANY_DATABASE = "any-database";

    /** The command files the integration tests run with (filtered from payara-config/ by the build). */
    private static final Path TEST_COMMAND_FILES = Path.of("target/payara-config/it");

    /** How long a start may take on a loaded machine before the test gives up (a bound, not an assertion). */
    private static final long START_BOUND_MINUTES = 4;

    @TempDir
    Path work;

    /** The WAR the server deploys: the built one unless a test makes its own. */
    private String war = System.getProperty("it.war", "target/chat-plugin.war");

    @Test
    @Tag(ANY_DATABASE)
    void aBadInfoPropertyEndsTheProcessWithStatusOneAndTheReasonOnStandardErrorAndNeverOpensThePort() throws Exception {
        assertFailedStart(
                "Configuration property plugin.info.developer.hostname must be a bare host name",
                "-Dplugin.info.developer.hostname=https://example.com/");
    }

    @Test
    @Tag(ANY_DATABASE)
    void aMalformedSecretsKeyEndsTheProcessWithStatusOne() throws Exception {
        assertFailedStart(
                "Configuration property plugin.secrets.key must be base64", "-Dplugin.secrets.key=not base64!");
    }

    /** The runnable jar names its database pool after plugin.db: another value ends the start, naming it. */
    @Test
    @Tag(ANY_DATABASE)
    void anUnknownDatabaseChoiceEndsTheProcessWithStatusOne() throws Exception {
        assertFailedStart("plugin.db is 'mysql'; it must be one of h2, postgresql", "-Dplugin.db=mysql");
    }

    /** A previous key that is no key: the values it should open would fail one by one, so the start fails instead. */
    @Test
    @Tag(ANY_DATABASE)
    void aMalformedPreviousSecretsKeyEndsTheProcessWithStatusOne() throws Exception {
        assertFailedStart(
                "Configuration property plugin.secrets.previous-keys (key 1 of 1) must be the base64 of 16, 24 or 32"
                        + " bytes, not 6",
                "-Dplugin.secrets.key=JV7UJUbwrpSWSaPY5weoCJb2yYHzh/84JyIz9PCzVTM=",
                "-Dplugin.secrets.previous-keys=c2hvcnQh");
        String everything = Files.readString(work.resolve("stderr.log"), StandardCharsets.UTF_8)
                + Files.readString(work.resolve("stdout.log"), StandardCharsets.UTF_8);
        assertFalse(everything.contains("c2hvcnQh"), "the key appears in the server's output");
    }

    /**
     * A database the migrations cannot prepare: it holds a table of its own and no migration history (Flyway refuses to
     * migrate a schema it did not create, rather than guess).
     */
    @Test
    @Tag(ANY_DATABASE)
    void aDatabaseTheMigrationsCannotPrepareEndsTheProcessWithStatusOne() throws Exception {
        Path data = work.resolve("data");
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:h2:file:" + data.resolve("database/chat-plugin") + ";WRITE_DELAY=0", "plugin", "plugin");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE registration (id VARCHAR(36) PRIMARY KEY)");
        }
        assertFailedStart(
                commandFiles(
                        data,
                        // on H2 whatever the pass's database (the PostgreSQL pass's is migrated already)
                        postBoot -> postBoot.replaceAll(
                                "--connectionpoolid chat-plugin-\\w+-pool jdbc/chatPlugin",
                                "--connectionpoolid chat-plugin-h2-pool jdbc/chatPlugin")),
                "the database could not be prepared");
    }

    /**
     * A plugin whose own migration fails (a script in {@code db/plugin} the database refuses): the start ends as when
     * the core's cannot run. The WAR is the built one plus that script, where a plugin's resources land.
     */
    @Test
    @Tag(ANY_DATABASE)
    void aFailingPluginMigrationEndsTheProcessWithStatusOne() throws Exception {
        Path broken = work.resolve("plugin-with-a-broken-migration.war");
        ShrinkWrap.createFromZipFile(WebArchive.class, new File(war))
                .addAsResource(
                        new StringAsset("CREATE TABLE broken_plugin_table (id NOT A TYPE);"),
                        "db/plugin/V1__broken.sql")
                .as(ZipExporter.class)
                .exportTo(broken.toFile());
        war = broken.toString();
        // A data folder of its own (H2 whatever the pass's database): the failed script stays out of the tests' one.
        assertFailedStart(
                commandFiles(
                        work.resolve("data"),
                        postBoot -> postBoot.replaceAll(
                                "--connectionpoolid chat-plugin-\\w+-pool jdbc/chatPlugin",
                                "--connectionpoolid chat-plugin-h2-pool jdbc/chatPlugin")),
                "the database could not be prepared");
        String errors = Files.readString(work.resolve("stderr.log"), StandardCharsets.UTF_8);
        assertTrue(errors.contains("V1__broken.sql"), "the failing script is named: " + errors);
    }

    /**
     * PostgreSQL on a port nobody listens on, with a password of this run only: the start ends with status 1, and the
     * password appears nowhere in the server's output (nor in the failure it reports).
     */
    @Test
    @Tag(ANY_DATABASE)
    void anUnreachableDatabaseEndsTheProcessWithStatusOneAndItsPasswordIsNeverShown() throws Exception {
        int closedPort = freePort();
        String password = "pw-" + UUID.randomUUID();
        Path config = commandFiles(
                work.resolve("data"),
                postBoot -> postBoot.replaceAll(
                                "--connectionpoolid chat-plugin-\\w+-pool jdbc/chatPlugin",
                                "--connectionpoolid chat-plugin-postgresql-pool jdbc/chatPlugin")
                        .replaceAll("portNumber=\\d+", "portNumber=" + closedPort)
                        .replaceAll("password=\\S*(?= chat-plugin-postgresql-pool)", "password=" + password));
        assertTrue(
                Files.readString(config.resolve("post-boot-commands.asadmin")).contains("password=" + password),
                "the test's command file holds the password");
        assertFailedStart(config, "the database could not be reached");
        String everything = Files.readString(work.resolve("stderr.log"), StandardCharsets.UTF_8)
                + Files.readString(work.resolve("stdout.log"), StandardCharsets.UTF_8);
        assertFalse(everything.contains(password), "the database password appears in the server's output");
    }

    /**
     * A start with these properties ends by itself with status 1, the reason on standard error, the port never open.
     */
    private void assertFailedStart(String reason, String... properties) throws Exception {
        assertFailedStart(TEST_COMMAND_FILES, reason, properties);
    }

    private void assertFailedStart(Path commandFiles, String reason, String... properties) throws Exception {
        int port = freePort();
        File stderr = work.resolve("stderr.log").toFile();
        Process server = launch(port, stderr, commandFiles, properties);
        Poll poll = new Poll(port);
        List<String> unready = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_BOUND_MINUTES);
            while (server.isAlive() && System.nanoTime() < deadline) {
                for (HttpRequest request : poll.requests()) {
                    String answer = poll.send(request);
                    if (answer != null && unready.size() < 10) {
                        unready.add(answer);
                    }
                }
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the process ended by itself");
        } finally {
            if (server.isAlive()) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
        assertTrue(poll.refused > 0, "the port was polled while the server started");
        assertEquals(List.of(), unready, "while the start failed, every request was refused at the connection");
        assertEquals(1, server.exitValue(), errors);
        assertTrue(errors.contains("The chat plugin cannot start: " + reason), errors);
    }

    /**
     * A good start: until the plugin answers, each request to a real route is refused at the connection; the first
     * answer is the route's own (200 for {@code GET /info}, the error shape's 401 or 403 for {@code POST /special/send}
     * without a token), and so are the ones after it. Then a SIGTERM, still polling: each answer is the route's own
     * (let in before the stop) or 503 in the error shape with {@code Retry-After}, never a 500 or an HTML page, until
     * the connection is refused; the process exits with status 0.
     */
    @Test
    void aGoodStartRefusesConnectionsUntilThePluginAnswersAndASigtermStopsItCleanly() throws Exception {
        int port = freePort();
        Path log = work.resolve("stderr.log");
        // A secrets key of this run only: whatever the server logs, from its start to its stop, must not hold it.
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        String secretsKey = Base64.getEncoder().encodeToString(keyBytes);
        Process server = launch(port, log.toFile(), TEST_COMMAND_FILES, "-Dplugin.secrets.key=" + secretsKey);
        try {
            Poll poll = new Poll(port);
            List<HttpRequest> routes = poll.requests();
            String[] first = new String[routes.size()];
            int[] after = new int[routes.size()];
            List<String> wrong = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_BOUND_MINUTES);
            // Until each route has answered 20 times as itself.
            while (server.isAlive() && System.nanoTime() < deadline && (after[0] < 20 || after[1] < 20)) {
                for (int i = 0; i < routes.size(); i++) {
                    String answer = poll.send(routes.get(i));
                    if (answer == null) {
                        continue;
                    }
                    if (first[i] == null) {
                        first[i] = answer;
                    }
                    after[i]++;
                    boolean own = i == 0
                            ? answer.startsWith("200 ") && answer.contains("\"developer\"")
                            : poll.isErrorShape(answer, 401) || poll.isErrorShape(answer, 403);
                    if (!own && wrong.size() < 10) {
                        wrong.add(routes.get(i).method() + " "
                                + routes.get(i).uri().getPath() + ": " + answer);
                    }
                }
            }
            assertTrue(server.isAlive(), "the server runs: " + Files.readString(log, StandardCharsets.UTF_8));
            assertTrue(poll.refused > 0, "the port was polled while the server started");
            assertTrue(first[0] != null && first[1] != null, "both routes answered at last");
            assertEquals(
                    List.of(),
                    wrong,
                    "before the plugin answered, requests were refused at the connection; "
                            + "from its first answer on, each route answered as itself");

            server.destroy(); // SIGTERM
            List<String> stopping = new ArrayList<>();
            int unavailable = 0;
            int refusedBefore = poll.refused;
            long stopDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (server.isAlive() && System.nanoTime() < stopDeadline) {
                for (int i = 0; i < routes.size(); i++) {
                    String answer = poll.send(routes.get(i));
                    if (answer == null || answer.startsWith("no answer: ")) {
                        continue; // the listener is gone, or the process ended under the request
                    }
                    boolean own = i == 0
                            ? answer.startsWith("200 ") && answer.contains("\"developer\"")
                            : poll.isErrorShape(answer, 401) || poll.isErrorShape(answer, 403);
                    boolean stopped = poll.isErrorShape(answer, 503) && answer.startsWith("503 5 ");
                    unavailable += stopped ? 1 : 0;
                    if (!own && !stopped && stopping.size() < 10) {
                        stopping.add(routes.get(i).method() + " "
                                + routes.get(i).uri().getPath() + ": " + answer);
                    }
                }
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the process ended after SIGTERM");
            assertEquals(0, server.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            assertEquals(
                    List.of(),
                    stopping,
                    "while stopping, each answer was the route's own or a 503 with Retry-After: 5");
            assertTrue(unavailable > 0 || poll.refused > refusedBefore, "the stop was polled");
            String everything = Files.readString(log, StandardCharsets.UTF_8)
                    + Files.readString(work.resolve("stdout.log"), StandardCharsets.UTF_8);
            assertTrue(everything.contains("GracefulStop"), "the server's log was read");
            assertFalse(everything.contains(secretsKey), "plugin.secrets.key appears in the server's output");
        } finally {
            server.destroy(); // Payara Micro stops on SIGTERM
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A client polling the port: what each request got, in a line, and how many were refused at the connection. */
    private static final class Poll {

        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        private final int port;
        int refused;

        Poll(int port) {
            this.port = port;
        }

        /** {@code GET /info} and {@code POST /special/send} without a token. */
        List<HttpRequest> requests() {
            return List.of(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/info"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/special/send"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build());
        }

        /**
         * "status Retry-After body" of the answer, {@code null} when the connection was refused (the client waits a
         * little then), or what the failure was.
         */
        String send(HttpRequest request) throws InterruptedException {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() + " "
                        + response.headers().firstValue("Retry-After").orElse("-") + " " + response.body();
            } catch (ConnectException e) {
                refused++;
                Thread.sleep(10);
                return null;
            } catch (IOException e) {
                return "no answer: " + e;
            }
        }

        /** {"code":N,"message":"..."} with that status. */
        boolean isErrorShape(String answer, int status) {
            if (!answer.startsWith(status + " ")) {
                return false;
            }
            String body = answer.substring(answer.indexOf(' ', answer.indexOf(' ') + 1) + 1);
            try {
                JsonObject error = Json.createReader(new StringReader(body)).readObject();
                return error.getInt("code", 0) == status && error.get("message") instanceof JsonString;
            } catch (JsonParsingException | ClassCastException e) {
                return false;
            }
        }
    }

    /**
     * The test's command files, copied to a folder of this test with the data folder moved into it, the broker on a
     * free port, and the post-boot commands changed as given.
     */
    private Path commandFiles(Path data, UnaryOperator<String> postBoot) throws IOException {
        Path config = Files.createDirectories(work.resolve("config"));
        String itData = Path.of("target/it-data").toAbsolutePath().toString();
        String port = String.valueOf(freePort());
        for (String name :
                List.of("pre-boot-commands.asadmin", "post-boot-commands.asadmin", "post-deploy-commands.asadmin")) {
            String commands = Files.readString(TEST_COMMAND_FILES.resolve(name), StandardCharsets.UTF_8)
                    .replace(itData, data.toString())
                    .replaceAll("BrokerPort=\\d+", "BrokerPort=" + port)
                    .replaceAll("localhost\\\\:\\d+", "localhost\\\\:" + port);
            Files.writeString(config.resolve(name), name.startsWith("post-boot") ? postBoot.apply(commands) : commands);
        }
        assertTrue(
                Files.readString(config.resolve("post-boot-commands.asadmin")).contains(data.toString()),
                "the data folder moved");
        return config;
    }

    /** Payara Micro as the run command starts it (the given command files), with the packaged WAR. */
    private Process launch(int port, File stderr, Path commandFiles, String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1", // starts faster, as in arquillian.xml
                "-XX:+UseSerialGC",
                "-Dhazelcast.socket.bind.any=false", // as arquillian.xml: the data grid on 127.0.0.1 alone
                "-Djava.io.tmpdir=" + work));
        command.addAll(List.of(systemProperties));
        command.addAll(List.of(
                "-jar",
                "target/payara-micro.jar",
                "--nocluster",
                "--rootdir",
                work.resolve("root").toString(),
                "--port",
                String.valueOf(port),
                "--addlibs",
                "target/lib/postgresql.jar",
                "--prebootcommandfile",
                commandFiles.resolve("pre-boot-commands.asadmin").toString(),
                "--postbootcommandfile",
                commandFiles.resolve("post-boot-commands.asadmin").toString(),
                "--postdeploycommandfile",
                commandFiles.resolve("post-deploy-commands.asadmin").toString(),
                "--deploy",
                war));
        return new ProcessBuilder(command)
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(stderr)
                .start();
    }

    private static int freePort() throws IOException {
        return PluginServer.freePort();
    }
}
