package com.salesrender.plugin.chat.application;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.GatewayServer;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.PluginWar;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * The backup and restore of docs/operations.md, done as an operator does it, on the database of the pass: the embedded
 * H2 database through {@code POST /admin/api/backup}, PostgreSQL with {@code pg_dump} and {@code pg_restore}. A plugin
 * with registered companies and saved settings, whose gateway refuses every message so they stay pending, is backed up
 * while messages keep arriving; it is stopped, the backup restored into an empty database (an empty data folder for
 * H2), and a server started on it with a working gateway. The restored plugin knows the same registrations and
 * settings, sends every message accepted before the backup exactly once, and knows none accepted after it.
 *
 * <p>The restored database also carries what a newer version would have left in it after a rollback (a migration V999
 * recorded, a table and a nullable column of its own): the server must start on it all the same.
 */
class BackupRestoreIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String ADMIN_TOKEN = "backup-admin-token";
    private static final String SECRETS_KEY = "JV7UJUbwrpSWSaPY5weoCJb2yYHzh/84JyIz9PCzVTM=";
    private static final int COMPANIES = 3;
    private static final int PENDING_PER_COMPANY = 10;
    private static final int SENT_AFTER_THE_BACKUP = 5;

    private final HttpClient http = TestHttp.client();

    @Test
    void aRestoredBackupServesTheSameRegistrationsAndSendsEveryMessageAcceptedBeforeItOnce() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "backup-restore", String.valueOf(System.nanoTime())))
                .toAbsolutePath();
        Path war = work.resolve("plugin.war");
        PluginWar.asBuilt()
                .addClass(HttpGatewaySender.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile(), true);

        try (Database database = "postgresql".equals(System.getProperty("plugin.db")) ? new Postgresql() : new H2();
                FakeCrm crm = new FakeCrm();
                GatewayServer down = GatewayServer.start();
                GatewayServer up = GatewayServer.start()) {
            // Before the backup the gateway takes only the "early" messages; the others stay pending.
            down.route(
                    "/send",
                    r -> r.json().getString("text").startsWith("early")
                            ? GatewayServer.Reply.json(200, "{}")
                            : GatewayServer.Reply.text(503, "gateway down"));
            up.route("/send", r -> GatewayServer.Reply.json(200, "{}"));

            List<Company> companies = new ArrayList<>();
            for (int i = 0; i < COMPANIES; i++) {
                companies.add(Company.fresh());
            }
            Map<String, JsonObject> savedSettings = new TreeMap<>();
            List<Accepted> accepted = new CopyOnWriteArrayList<>();
            Path backup;
            long backupStarted;
            long backupEnded;

            PluginServer.Builder originalServer = server(work.resolve("original"), war, down);
            database.source(originalServer);
            try (PluginServer original = originalServer.start()) {
                original.awaitReady(START);
                PluginClient plugin = new PluginClient(original.url());
                for (Company company : companies) {
                    assertEquals(
                            200, plugin.register(crm, company, hpt(company)).status());
                    JsonObject settings = Json.createObjectBuilder()
                            .add(
                                    "main",
                                    Json.createObjectBuilder()
                                            .add("prefix", "Dear " + company.companyId() + ": ")
                                            .add("suffix", "")
                                            .add("delay", 0))
                            .build();
                    assertEquals(
                            200, plugin.saveSettings(crm, company, settings).status());
                    savedSettings.put(company.companyId(), settings);
                    assertEquals(
                            202,
                            plugin.send(crm, company, Payloads.text("early-" + company.companyId(), "+1555", "early"))
                                    .status());
                }
                for (Company company : companies) {
                    assertTrue(
                            eventually(WAIT, () -> "DONE".equals(state(plugin, "early-" + company.companyId()))),
                            "the early message of " + company.companyId() + " went out before the backup");
                }
                for (int n = 0; n < PENDING_PER_COMPANY; n++) {
                    for (Company company : companies) {
                        send(plugin, crm, company, "pending-" + company.companyId() + "-" + n, accepted);
                    }
                }
                database.checkBackupRoute(this, original);

                // The backup is taken while a client keeps sending.
                AtomicBoolean sending = new AtomicBoolean(true);
                List<String> refused = new CopyOnWriteArrayList<>();
                Thread load = new Thread(() -> {
                    for (int n = 0; sending.get(); n++) {
                        Company company = companies.get(n % COMPANIES);
                        try {
                            send(plugin, crm, company, "load-" + n, accepted);
                            Thread.sleep(30);
                        } catch (AssertionError | RuntimeException e) {
                            refused.add("load-" + n + ": " + e.getMessage());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                load.start();
                assertTrue(eventually(WAIT, () -> accepted.size() >= COMPANIES * PENDING_PER_COMPANY + 10));
                backupStarted = System.nanoTime();
                backup = database.backup(this, original, work);
                backupEnded = System.nanoTime();
                long end = backupEnded;
                assertTrue(
                        eventually(
                                WAIT,
                                () -> accepted.stream()
                                                .filter(a -> a.sentAt() > end)
                                                .count()
                                        >= SENT_AFTER_THE_BACKUP),
                        "messages accepted after the backup");
                sending.set(false);
                load.join(TimeUnit.MINUTES.toMillis(1));
                assertEquals(List.of(), refused, "every message of the load was accepted");
                assertTrue(
                        down.requests().stream()
                                .anyMatch(r -> r.json().getString("messageId").startsWith("pending")),
                        "the pending messages were tried, and refused by the gateway");
            }

            long started = backupStarted;
            long ended = backupEnded;
            Set<String> before = ids(accepted, a -> a.answeredAt() < started);
            Set<String> after = ids(accepted, a -> a.sentAt() > ended);
            Set<String> during = ids(accepted, a -> a.answeredAt() >= started && a.sentAt() <= ended);
            assertFalse(after.isEmpty());
            System.out.printf(
                    "Backup under load: %d messages accepted before it, %d while it ran, %d after it%n",
                    before.size(), during.size(), after.size());

            // Restore into an empty database, with what a newer version would have left in it.
            Path restoredFolder = work.resolve("restored");
            PluginServer.Builder restoredServer = server(restoredFolder, war, up);
            try (Connection connection = database.restore(backup, restoredFolder, restoredServer)) {
                plantANewerVersion(connection);
            }
            try (PluginServer restored = restoredServer.start()) {
                restored.awaitReady(START);
                PluginClient plugin = new PluginClient(restored.url());

                // The same registrations and settings.
                for (Company company : companies) {
                    PluginClient.Answer settings = plugin.settings(crm, company);
                    assertEquals(200, settings.status(), settings.body());
                    assertEquals(savedSettings.get(company.companyId()), settings.object(), company.companyId());
                }
                Company unknown = Company.fresh();
                assertEquals(
                        403,
                        plugin.send(crm, unknown, Payloads.text("m-1", "+1555", "hello"))
                                .status(),
                        "a company that never registered is refused: the registrations come from the backup");

                // Every message accepted before the backup reaches the gateway, and nothing is left to send.
                assertTrue(
                        eventually(WAIT, () -> delivered(up).keySet().containsAll(before)),
                        () -> "never delivered: "
                                + missing(before, delivered(up).keySet()));
                assertTrue(
                        eventually(WAIT, () -> idle(plugin)),
                        () -> "still to send: " + admin(plugin, "counts").body());
                Map<String, Long> times = delivered(up);
                for (String id : before) {
                    assertEquals(1L, times.get(id), id + " reached the gateway once");
                }
                for (var delivery : times.entrySet()) {
                    assertTrue(
                            before.contains(delivery.getKey()) || during.contains(delivery.getKey()),
                            delivery.getKey() + " was not accepted before the backup ended");
                    assertEquals(1L, delivery.getValue(), delivery.getKey() + " reached the gateway once");
                }
                assertTrue(
                        times.keySet().stream().noneMatch(id -> id.startsWith("early")),
                        "a message sent before the backup is not sent again");
                for (Accepted message : accepted) {
                    if (before.contains(message.id())) {
                        assertTrue(
                                eventually(
                                        WAIT,
                                        () -> crm.statuses(message.company()).stream()
                                                .anyMatch(s -> s.messageId().equals(message.id())
                                                        && "sent".equals(s.status())
                                                        && hpt(message.company())
                                                                .equals(s.verifiedBy()))),
                                message.id() + ": sent reported, signed with the restored registration's HPT");
                    }
                }
                // The sender read each company's restored settings.
                for (GatewayServer.Request request : up.requests()) {
                    JsonObject call = request.json();
                    assertEquals("Dear " + call.getString("companyId") + ": ", call.getString("prefix"));
                }

                // Accepted after the backup: not in it. The CRM had its 202 and does not send them again.
                for (String id : after) {
                    assertEquals(
                            0,
                            admin(plugin, "messages?messageId=" + id)
                                    .object()
                                    .getJsonArray("items")
                                    .size(),
                            id + " is not in the backup");
                }
                // Sent again by hand (the same id and company), one is a new message: accepted and delivered once.
                Accepted again = accepted.stream()
                        .filter(a -> after.contains(a.id()))
                        .findFirst()
                        .orElseThrow();
                send(plugin, crm, again.company(), again.id(), new ArrayList<>());
                assertTrue(eventually(WAIT, () -> delivered(up).containsKey(again.id())));
                assertTrue(eventually(WAIT, () -> idle(plugin)));
                assertEquals(1L, delivered(up).get(again.id()));
            }
            // The newer version's traces were left alone (read once the server has stopped: H2 has one process).
            try (Connection connection = database.open(restoredFolder)) {
                assertEquals(
                        1,
                        count(connection, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '999'"));
                assertEquals(1, count(connection, "SELECT COUNT(*) FROM newer_version_note"));
            }
        }
    }

    /** A message accepted: its 202 came at {@code answeredAt}, its request went at {@code sentAt} (nano time). */
    private record Accepted(String id, Company company, long sentAt, long answeredAt) {}

    private static void send(PluginClient plugin, FakeCrm crm, Company company, String id, List<Accepted> accepted) {
        long sentAt = System.nanoTime();
        PluginClient.Answer answer =
                plugin.send(crm, company, Payloads.text(id, "+1555000" + Math.floorMod(id.hashCode(), 4), id));
        long answeredAt = System.nanoTime();
        assertEquals(202, answer.status(), id + ": " + answer.body());
        accepted.add(new Accepted(id, company, sentAt, answeredAt));
    }

    private static Set<String> ids(List<Accepted> accepted, java.util.function.Predicate<Accepted> which) {
        return accepted.stream().filter(which).map(Accepted::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> missing(Set<String> wanted, Set<String> found) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(found);
        return missing;
    }

    /** How many times each message id reached the gateway. */
    private static Map<String, Long> delivered(GatewayServer gateway) {
        return gateway.requests().stream()
                .map(r -> r.json().getString("messageId"))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** Nothing queued, running or stuck among the messages. */
    private static boolean idle(PluginClient plugin) {
        JsonObject counts = admin(plugin, "counts").object().getJsonObject("chatSend");
        return counts.getInt("QUEUED", 0) == 0 && counts.getInt("RUNNING", 0) == 0 && counts.getInt("STUCK", 0) == 0;
    }

    private static String state(PluginClient plugin, String messageId) {
        var items = admin(plugin, "messages?messageId=" + messageId).object().getJsonArray("items");
        return items.isEmpty() ? null : items.getJsonObject(0).getString("state");
    }

    private static PluginClient.Answer admin(PluginClient plugin, String route) {
        PluginClient.Answer answer = adminCall(plugin, "GET", route, ADMIN_TOKEN);
        assertEquals(200, answer.status(), route + ": " + answer.body());
        return answer;
    }

    private static PluginClient.Answer adminCall(PluginClient plugin, String method, String route, String token) {
        var headers = new TreeMap<String, String>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        var reply = plugin.exchange(method, "admin/api/" + route, headers, method.equals("POST") ? "" : null);
        return new PluginClient.Answer(reply.status(), reply.body());
    }

    private static String hpt(Company company) {
        return "hpt-of-" + company.companyId();
    }

    /** A server as the tests' ones: quick retries, a short lease, this gateway, the same secrets key. */
    private static PluginServer.Builder server(Path folder, Path war, GatewayServer gateway) {
        return PluginServer.builder(folder)
                .war(war)
                .heap("384m")
                .property("test.gateway.url", gateway.url())
                .property("plugin.admin.token", ADMIN_TOKEN)
                .property("plugin.secrets.key", SECRETS_KEY)
                .property("plugin.send.interval", "PT1S")
                .property("plugin.send.max-interval", "PT5S")
                .property("plugin.task.lease", "PT5S")
                .property("plugin.queue.stale-after", "PT1S")
                .property("plugin.crm.status.interval", "PT1S");
    }

    /**
     * What a newer version's migration leaves in the schema, recorded as Flyway records it: an older version rolled
     * back to must start on it.
     */
    private static void plantANewerVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE newer_version_note (id VARCHAR(36) NOT NULL PRIMARY KEY, note VARCHAR(200))");
            statement.execute("INSERT INTO newer_version_note (id, note) VALUES ('1', 'written by a newer version')");
            statement.execute("ALTER TABLE chat_send_task ADD COLUMN newer_version_flag VARCHAR(20)");
            statement.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\","
                    + " \"success\") SELECT MAX(\"installed_rank\") + 1, '999', 'from a newer version', 'SQL',"
                    + " 'V999__from_a_newer_version.sql', 999, 'newer', CURRENT_TIMESTAMP, 1, TRUE"
                    + " FROM \"flyway_schema_history\"");
        }
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Runs a command of the database's tools; fails with its output unless it ends with status 0. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " hangs");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }

    /** The database of the pass: how the original server gets it, how it is backed up, restored and opened. */
    private interface Database extends AutoCloseable {

        void source(PluginServer.Builder server) throws Exception;

        /** Checks what the backup route answers on this database. */
        void checkBackupRoute(BackupRestoreIT test, PluginServer original) throws Exception;

        Path backup(BackupRestoreIT test, PluginServer original, Path work) throws Exception;

        /** Restores into an empty database for the server in {@code folder}; answers a connection to it. */
        Connection restore(Path backup, Path folder, PluginServer.Builder server) throws Exception;

        Connection open(Path folder) throws SQLException;

        /** Removes what it made on a shared server (run once the servers have stopped). */
        @Override
        default void close() throws Exception {}
    }

    /** The embedded H2 database: the admin route's zip, unzipped into an empty data folder's database/. */
    private static final class H2 implements Database {

        @Override
        public void source(PluginServer.Builder server) {
            // Its own file under the server's data folder.
        }

        @Override
        public void checkBackupRoute(BackupRestoreIT test, PluginServer original) {
            PluginClient plugin = new PluginClient(original.url());
            assertEquals(401, adminCall(plugin, "POST", "backup", null).status());
            PluginClient.Answer wrong = adminCall(plugin, "POST", "backup", "wrong");
            assertEquals(403, wrong.status());
            assertEquals("Wrong admin token", wrong.object().getString("message"));
        }

        @Override
        public Path backup(BackupRestoreIT test, PluginServer original, Path work) throws Exception {
            Path zip = work.resolve("backup.zip");
            HttpResponse<Path> answer = test.http.send(
                    HttpRequest.newBuilder(URI.create(original.url() + "admin/api/backup"))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(zip));
            assertEquals(200, answer.statusCode(), () -> read(zip));
            assertEquals(
                    "application/zip",
                    answer.headers().firstValue("Content-Type").orElse(null));
            assertTrue(
                    answer.headers()
                            .firstValue("Content-Disposition")
                            .orElse("")
                            .matches("attachment; filename=\"chat-plugin-\\d{8}T\\d{6}Z\\.zip\""),
                    answer.headers().toString());
            try (var files = Files.list(dataFolder(work.resolve("original")))) {
                assertEquals(
                        List.of("chat-plugin.mv.db"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(),
                        "the backup's own file is gone from the database folder");
            }
            return zip;
        }

        @Override
        public Connection restore(Path backup, Path folder, PluginServer.Builder server)
                throws IOException, SQLException {
            Path database = Files.createDirectories(dataFolder(folder));
            List<String> entries = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    entries.add(entry.getName());
                    Files.copy(zip, database.resolve(entry.getName()));
                }
            }
            assertEquals(List.of("chat-plugin.mv.db"), entries);
            return open(folder);
        }

        @Override
        public Connection open(Path folder) throws SQLException {
            // The plugin's own user and H2 version; the file is closed again when the connection is.
            return DriverManager.getConnection(
                    "jdbc:h2:file:" + dataFolder(folder).resolve("chat-plugin") + ";IFEXISTS=TRUE", "plugin", "plugin");
        }

        /** Where a PluginServer's H2 files are: its data folder's database/. */
        private static Path dataFolder(Path serverFolder) {
            return serverFolder.resolve("data").resolve("database");
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    /**
     * PostgreSQL: the original on a database of its own, backed up with pg_dump while it runs, restored with pg_restore
     * into a database made empty for it.
     */
    private static final class Postgresql implements Database {

        private final String host = System.getProperty("plugin.db.host", "localhost");
        private final String port = System.getProperty("plugin.db.port", "5432");
        private final String suffix = Long.toString(System.nanoTime(), 36);
        private final Path bin = tools();

        @Override
        public void source(PluginServer.Builder server) throws Exception {
            String name = "backup_source_" + suffix;
            createEmpty(name);
            server.postgresqlDatabase(name);
        }

        @Override
        public void checkBackupRoute(BackupRestoreIT test, PluginServer original) {
            PluginClient.Answer refused = adminCall(new PluginClient(original.url()), "POST", "backup", ADMIN_TOKEN);
            assertEquals(409, refused.status(), refused.body());
            assertTrue(refused.object().getString("message").contains("pg_dump"), refused.body());
        }

        @Override
        public Path backup(BackupRestoreIT test, PluginServer original, Path work) throws Exception {
            Path dump = work.resolve("backup.dump");
            run(List.of(
                    bin.resolve("pg_dump").toString(),
                    "--host=" + host,
                    "--port=" + port,
                    "--username=chat_plugin",
                    "--format=custom",
                    "--file=" + dump,
                    "backup_source_" + suffix));
            return dump;
        }

        @Override
        public Connection restore(Path backup, Path folder, PluginServer.Builder server) throws Exception {
            String name = "backup_restored_" + suffix;
            createEmpty(name);
            run(List.of(
                    bin.resolve("pg_restore").toString(),
                    "--host=" + host,
                    "--port=" + port,
                    "--username=chat_plugin",
                    "--dbname=" + name,
                    "--no-owner",
                    "--exit-on-error",
                    backup.toString()));
            server.postgresqlDatabase(name);
            return open(folder);
        }

        @Override
        public Connection open(Path folder) throws SQLException {
            return DriverManager.getConnection(
                    "jdbc:postgresql://" + host + ":" + port + "/backup_restored_" + suffix,
                    "chat_plugin",
                    "chat_plugin");
        }

        @Override
        public void close() throws Exception {
            for (String name : List.of("backup_source_" + suffix, "backup_restored_" + suffix)) {
                run(List.of(
                        bin.resolve("dropdb").toString(),
                        "--host=" + host,
                        "--port=" + port,
                        "--username=postgres",
                        "--if-exists",
                        name));
            }
        }

        /** A new empty database owned by the plugin's user (made by the server's superuser, as an operator would). */
        private void createEmpty(String name) throws Exception {
            run(List.of(
                    bin.resolve("createdb").toString(),
                    "--host=" + host,
                    "--port=" + port,
                    "--username=postgres",
                    "--owner=chat_plugin",
                    name));
        }

        /** The newest PostgreSQL tools installed (as .ci/postgres finds them). */
        private static Path tools() {
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(Files::isDirectory)
                        .max(Comparator.comparing(v -> Integer.parseInt(
                                v.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElseThrow();
            } catch (IOException e) {
                throw new IllegalStateException("No PostgreSQL tools under /usr/lib/postgresql", e);
            }
        }
    }
}
