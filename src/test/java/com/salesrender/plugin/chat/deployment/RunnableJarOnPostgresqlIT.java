package com.salesrender.plugin.chat.deployment;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One runnable jar, two PostgreSQL databases with users and passwords of their own, configured only at start: one
 * server by environment variables, the other by files of a secrets folder ({@code --secretsdir}). Each stores its
 * company in its own database. A wrong password ends the start with status 1, naming what failed and never showing the
 * password. The PostgreSQL server is the run's own ({@code .ci/postgres}); the test makes these two users log in with
 * passwords (its {@code pg_hba.conf} trusts everyone else) and puts the file back afterwards. Runs only in the
 * PostgreSQL pass (Maven profile postgresql).
 */
class RunnableJarOnPostgresqlIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path JAR = Path.of(System.getProperty("it.runnable-jar", "target/chat-plugin.jar"));
    private static final Path WORK = Path.of("target", "runnable-jar-pg-it").toAbsolutePath();
    private static final String PORT = System.getProperty("plugin.db.port", "55432");
    private static final String SUFFIX = Long.toString(System.nanoTime(), 36);
    private static final String USER_A = "jar_a_" + SUFFIX;
    private static final String USER_B = "jar_b_" + SUFFIX;
    private static final String PASSWORD_A = "pw-a-" + UUID.randomUUID();
    private static final String PASSWORD_B = "pw-b-" + UUID.randomUUID();

    private static Path hbaFile;
    private static String hbaBefore;

    @BeforeAll
    static void twoDatabasesWithPasswords() throws Exception {
        for (String[] user : List.of(new String[] {USER_A, PASSWORD_A}, new String[] {USER_B, PASSWORD_B})) {
            psql("postgres", "CREATE USER " + user[0] + " PASSWORD '" + user[1] + "'");
            psql("postgres", "CREATE DATABASE " + user[0] + " OWNER " + user[0]);
        }
        hbaFile = Path.of(psql("postgres", "SHOW hba_file").strip());
        hbaBefore = Files.readString(hbaFile, StandardCharsets.UTF_8);
        // The first matching line decides: these two users must give their password, over TCP as the plugin connects.
        String passwords = "host all " + USER_A + "," + USER_B + " 127.0.0.1/32 scram-sha-256\n" + "host all " + USER_A
                + "," + USER_B + " ::1/128 scram-sha-256\n";
        Files.writeString(hbaFile, passwords + hbaBefore, StandardCharsets.UTF_8);
        psql("postgres", "SELECT pg_reload_conf()");
    }

    @AfterAll
    static void trustAsBefore() throws Exception {
        if (hbaBefore != null) {
            Files.writeString(hbaFile, hbaBefore, StandardCharsets.UTF_8);
            psql("postgres", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void oneJarRunsOnTwoDatabasesWithCredentialsFromTheEnvironmentAndFromSecretsFiles() throws Exception {
        Path byEnvironment = fresh("environment");
        Path bySecrets = fresh("secrets");
        Path secrets = Files.createDirectories(bySecrets.resolve("secrets"));
        Map<String, String> files = Map.of(
                "plugin.db", "postgresql",
                "plugin.db.port", PORT,
                "plugin.db.name", USER_B,
                "plugin.db.user", USER_B,
                "plugin.db.password", PASSWORD_B);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(secrets.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        try (FakeCrm crm = new FakeCrm();
                PluginServer a = PluginServer.builder(byEnvironment)
                        .runnableJar(JAR)
                        .environment("PLUGIN_DB", "postgresql")
                        .environment("PLUGIN_DB_PORT", PORT)
                        .environment("PLUGIN_DB_NAME", USER_A)
                        .environment("PLUGIN_DB_USER", USER_A)
                        .environment("PLUGIN_DB_PASSWORD", PASSWORD_A)
                        .property("plugin.echo.delay", "0")
                        .start();
                PluginServer b = PluginServer.builder(bySecrets)
                        .runnableJar(JAR)
                        .option("--secretsdir", secrets.toString())
                        .property("plugin.echo.delay", "0")
                        .start()) {
            a.awaitReady(START);
            b.awaitReady(START);
            Company companyA = Company.fresh();
            Company companyB = Company.fresh();
            sendThrough(a, crm, companyA);
            sendThrough(b, crm, companyB);
            assertEquals(List.of(companyA.companyId()), companies(USER_A), "server A stored in database A only");
            assertEquals(List.of(companyB.companyId()), companies(USER_B), "server B stored in database B only");
            for (PluginServer server : List.of(a, b)) {
                assertFalse(server.log().contains(PASSWORD_A) || server.log().contains(PASSWORD_B));
            }
        }
    }

    @Test
    void aWrongPasswordEndsTheStartWithStatusOneAndIsNeverShown() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        try (PluginServer server = PluginServer.builder(fresh("wrong-password"))
                .runnableJar(JAR)
                .environment("PLUGIN_DB", "postgresql")
                .environment("PLUGIN_DB_PORT", PORT)
                .environment("PLUGIN_DB_NAME", USER_A)
                .environment("PLUGIN_DB_USER", USER_A)
                .environment("PLUGIN_DB_PASSWORD", wrong)
                .start()) {
            assertEquals(1, server.awaitExit(START), server.log());
            String log = server.log();
            assertTrue(
                    log.contains("The chat plugin cannot start: the database could not be reached")
                            && log.contains("password authentication failed for user \"" + USER_A + "\""),
                    log);
            assertFalse(log.contains(wrong), "the password appears in the server's output");
        }
    }

    private static void sendThrough(PluginServer server, FakeCrm crm, Company company) {
        PluginClient plugin = new PluginClient(server.url());
        assertEquals(200, plugin.register(crm, company, "hpt").status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("m-1", "+15550600", "hello"))
                        .status());
        assertTrue(eventually(WAIT, () -> crm.incoming(company).size() == 1), "the echo reached the CRM");
    }

    private static List<String> companies(String database) throws Exception {
        return psql(database, "SELECT company_id FROM registration ORDER BY company_id")
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
    }

    /** psql as the server's superuser, over its socket folder (trusted), unaligned rows only. */
    private static String psql(String database, String sql) throws IOException, InterruptedException {
        Process psql = new ProcessBuilder(
                        psqlBinary(),
                        "-X",
                        "-q",
                        "-t",
                        "-A",
                        "-h",
                        "/tmp",
                        "-p",
                        PORT,
                        "-U",
                        "postgres",
                        "-d",
                        database,
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-c",
                        sql)
                .redirectErrorStream(true)
                .start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, psql.waitFor(), "psql " + sql + ": " + out);
        return out;
    }

    private static String psqlBinary() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin/psql"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString))
                    .map(Path::toString)
                    .orElse("psql");
        }
    }

    private static Path fresh(String name) throws IOException {
        return Files.createDirectories(WORK.resolve(name + "-" + System.nanoTime()));
    }
}
