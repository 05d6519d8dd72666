package com.salesrender.plugin.chat.deployment;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code target/chat-plugin.jar}) as an operator runs it: copied alone into an empty folder and
 * started with {@code java -jar}, configured only at run time. Nothing of the build tree is named in it, and the plugin
 * it starts takes a message from the CRM to the gateway and back. Then with a broker of its own
 * ({@code plugin.broker=REMOTE}) taken away under it: readiness stays UP (the plugin still accepts sends) and reports
 * the broker DOWN beside it, and what was accepted meanwhile is sent once the broker is back.
 */
@Tag("any-database") // the same run on either pass's database: in the H2 pass only
class RunnableJarIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path JAR = Path.of(System.getProperty("it.runnable-jar", "target/chat-plugin.jar"));
    private static final Path WORK = Path.of("target", "runnable-jar-it").toAbsolutePath();

    @Test
    void theJarAloneInAnEmptyFolderRunsThePluginWithTheEmbeddedDefaults() throws Exception {
        Path folder = fresh("alone");
        Path jar = Files.copy(JAR, folder.resolve("acme-chat.jar"));
        Path data = folder.resolve("chat-data");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String commands : List.of("MICRO-INF/pre-boot-commands.txt", "MICRO-INF/post-boot-commands.txt")) {
                String text =
                        new String(zip.getInputStream(zip.getEntry(commands)).readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(
                        text.contains(Path.of("").toAbsolutePath().toString()) || text.contains("/target/"),
                        "the jar's command files name no path of the build: " + text);
            }
        }
        int brokerPort = PluginServer.freePort();
        try (FakeCrm crm = new FakeCrm();
                PluginServer server = PluginServer.builder(folder)
                        .runnableJar(jar)
                        // ~/.m2 out of reach, and the data folder from the environment as a service gives it.
                        .property(
                                "user.home",
                                Files.createDirectories(folder.resolve("home")).toString())
                        .environment("PLUGIN_DATA_DIR", data.toString())
                        .property("plugin.echo.delay", "0")
                        .property("plugin.broker.port", String.valueOf(brokerPort))
                        .start()) {
            server.awaitReady(START);
            assertBrokerOnLoopbackOnly(brokerPort);
            assertDataGridOnLoopbackOnly(server.log());
            PluginClient plugin = new PluginClient(server.url());
            Company company = Company.fresh();
            assertEquals(200, plugin.register(crm, company, "hpt").status());
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text("m-1", "+15550500", "hello"))
                            .status());
            // The echo sender answers in the chat: the message went through the queue to the sender and back.
            assertTrue(eventually(WAIT, () -> crm.incoming(company).size() == 1), "the echo reached the CRM");
            JsonObject ready = plugin.get("health/ready").object();
            assertEquals("UP", ready.getString("status"), ready.toString());
            assertTrue(Files.isDirectory(data.resolve("database")), "H2 keeps its files in PLUGIN_DATA_DIR");
            assertTrue(Files.isDirectory(data.resolve("broker")), "the embedded broker keeps its files there too");
        } // closing it stops it with SIGTERM
        try (Stream<Path> left = Files.list(folder.resolve("tmp"))) {
            assertEquals(
                    List.of(),
                    left.map(path -> path.getFileName().toString())
                            .filter(name -> name.startsWith("payaramicro-rt"))
                            .toList(),
                    "the runtime Payara unpacked into the temp folder is gone after a stop");
        }
    }

    @Test
    void aBrokerAwayKeepsThePluginReadyAndWhatItAcceptedIsSentWhenTheBrokerIsBack() throws Exception {
        Path folder = fresh("broker-away");
        int brokerPort = PluginServer.freePort();
        Process broker = broker(folder, brokerPort);
        awaitBroker(broker, folder);
        try (FakeCrm crm = new FakeCrm();
                PluginServer server = PluginServer.builder(folder)
                        .runnableJar(JAR)
                        .environment("PLUGIN_BROKER", "REMOTE")
                        .environment("PLUGIN_BROKER_ADDRESSES", "localhost:" + brokerPort)
                        .property("plugin.echo.delay", "0")
                        .property("plugin.queue.stale-after", "PT2S")
                        .start()) {
            server.awaitReady(START);
            PluginClient plugin = new PluginClient(server.url());
            Company company = Company.fresh();
            assertEquals(200, plugin.register(crm, company, "hpt").status());
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text("m-before", "+15550501", "one"))
                            .status());
            assertTrue(eventually(WAIT, () -> crm.incoming(company).size() == 1), "sent through the remote broker");
            assertEquals("UP", brokerState(plugin));

            stop(broker);
            assertTrue(eventually(WAIT, () -> "DOWN".equals(brokerState(plugin))), "the broker is reported away");
            PluginClient.Answer ready = plugin.get("health/ready");
            assertEquals(200, ready.status(), "still ready: sends are stored and accepted: " + ready.body());
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text("m-during", "+15550501", "two"))
                            .status());

            broker = broker(folder, brokerPort);
            awaitBroker(broker, folder);
            assertTrue(
                    eventually(WAIT, () -> crm.incoming(company).size() == 2),
                    "the message accepted while the broker was away is sent once it is back");
            assertTrue(eventually(WAIT, () -> "UP".equals(brokerState(plugin))));
            Thread.sleep(3000);
            assertEquals(2, crm.incoming(company).size(), "each message once");
        } finally {
            stop(broker);
        }
    }

    /**
     * The embedded broker (default users, admin commands) is this process's own: it answers on the loopback address and
     * refuses connections on every other address of the machine.
     */
    private static void assertBrokerOnLoopbackOnly(int port) throws IOException {
        assertOnLoopbackOnly(port, "the embedded broker");
    }

    private static void assertOnLoopbackOnly(int port, String what) throws IOException {
        try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertTrue(loopback.isConnected());
        }
        for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
            for (InetAddress address : network.inetAddresses().toList()) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                    continue;
                }
                assertThrows(
                        ConnectException.class,
                        () -> new Socket(address, port).close(),
                        what + " answered on " + address);
            }
        }
    }

    /**
     * Payara's data grid (Hazelcast), which runs even with {@code --nocluster}, takes the loopback address and listens
     * on it alone: a member on another machine cannot reach it.
     */
    private static void assertDataGridOnLoopbackOnly(String log) throws IOException {
        Matcher member =
                Pattern.compile("DataGrid: .* Address: /([0-9.]+):(\\d+)").matcher(log);
        assertTrue(member.find(), "the data grid's address is in the log");
        assertEquals("127.0.0.1", member.group(1));
        assertOnLoopbackOnly(Integer.parseInt(member.group(2)), "the data grid");
    }

    private static String brokerState(PluginClient plugin) {
        return plugin.get("health/ready").object().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(check -> "chat-plugin".equals(check.getString("name")))
                .map(check -> check.getJsonObject("data").getString("broker"))
                .findFirst()
                .orElse("none");
    }

    /** An OpenMQ broker of the test's own, as an operator starts one (imqbrokerd), its files under the folder. */
    private static Process broker(Path folder, int port) throws IOException {
        Path home = Path.of(System.getProperty("it.openmq-home", "target/openmq/mq"));
        return new ProcessBuilder(
                        home.resolve("bin/imqbrokerd").toString(),
                        "-javahome",
                        System.getProperty("java.home"),
                        "-port",
                        String.valueOf(port),
                        "-varhome",
                        folder.resolve("broker").toString(),
                        "-name",
                        "chatplugin",
                        "-silent")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("broker.log").toFile()))
                .start();
    }

    /** The broker writes its log under its var folder; it is up once it says it is ready. */
    private static void awaitBroker(Process broker, Path folder) throws InterruptedException {
        Path log = folder.resolve("broker/instances/chatplugin/log/log.txt");
        assertTrue(
                eventually(Duration.ofMinutes(2), () -> {
                    try {
                        return broker.isAlive()
                                && Files.exists(log)
                                && Files.readString(log).contains("ready");
                    } catch (IOException notYet) {
                        return false;
                    }
                }),
                "the broker started");
    }

    /** imqbrokerd is a script: its java child is the broker, and ends with it. */
    private static void stop(Process broker) throws InterruptedException {
        broker.descendants().forEach(ProcessHandle::destroyForcibly);
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
        broker.descendants().forEach(child -> child.onExit().join());
    }

    private static Path fresh(String name) throws IOException {
        Path folder = WORK.resolve(name + "-" + System.nanoTime());
        return Files.createDirectories(folder);
    }
}
