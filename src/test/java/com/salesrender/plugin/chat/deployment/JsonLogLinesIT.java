package com.salesrender.plugin.chat.deployment;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log option of the runnable jar: started with {@code --logproperties logging-json.properties} (the file the build
 * writes beside the jar), every line it writes is one JSON object, and the line an operator acts on about a message (a
 * status the CRM kept refusing, given up) carries the message's company, plugin and id as fields. The message's routine
 * events (accepted, queued, sent, each status) write no line at all.
 */
@Tag("any-database") // the same run on either pass's database: in the H2 pass only
class JsonLogLinesIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path JAR = Path.of(System.getProperty("it.runnable-jar", "target/chat-plugin.jar"));
    private static final Path WORK = Path.of("target", "json-log-it").toAbsolutePath();

    @Test
    void everyLineIsJsonAndTheLineAboutAMessageCarriesItsCompanyPluginAndId() throws Exception {
        Path folder = Files.createDirectories(WORK.resolve("run-" + System.nanoTime()));
        Path logging = JAR.toAbsolutePath().resolveSibling("logging-json.properties");
        assertTrue(Files.isRegularFile(logging), "the build writes logging-json.properties beside the jar");
        String messageId = "json-log-" + System.nanoTime();
        try (FakeCrm crm = new FakeCrm();
                PluginServer server = PluginServer.builder(folder)
                        .runnableJar(JAR)
                        .option("--logproperties", logging.toString())
                        .property("plugin.echo.delay", "0")
                        // One attempt per status: the CRM's first refusal gives the status up, a WARNING line.
                        .property("plugin.crm.status.attempts", "1")
                        .start()) {
            server.awaitReady(START);
            PluginClient plugin = new PluginClient(server.url());
            Company company = Company.fresh();
            assertEquals(200, plugin.register(crm, company, "hpt").status());
            // The first request to the CRM (the status "sent") is answered 500.
            crm.answerNext(company, 500);
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text(messageId, "+15550600", "hello"))
                            .status());
            assertTrue(
                    eventually(WAIT, () -> server.log().contains("given up")),
                    "the refused status is given up and said so");
            // The echo's later steps (delivered, read, the reply) reach the CRM: the message's whole run is logged.
            assertTrue(eventually(WAIT, () -> crm.incoming(company).size() == 1), "the echo reached the CRM");

            List<JsonObject> lines = server.log()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .map(JsonLogLinesIT::parse)
                    .toList();
            assertTrue(lines.size() > 50, "the whole start is logged: " + lines.size() + " lines");
            List<JsonObject> aboutTheMessage = lines.stream()
                    .filter(line -> line.toString().contains(messageId))
                    .toList();
            assertEquals(
                    1, aboutTheMessage.size(), "one line about the message, routine events none: " + aboutTheMessage);
            JsonObject line = aboutTheMessage.get(0);
            assertEquals("WARNING", line.getString("Level"), line.toString());
            assertTrue(line.getString("LogMessage").contains("given up"), line.toString());
            assertEquals(company.companyId(), line.getString("companyId"), line.toString());
            assertEquals(company.alias(), line.getString("pluginAlias"), line.toString());
            assertEquals(company.pluginId(), line.getString("pluginId"), line.toString());
            assertEquals(messageId, line.getString("messageId"), line.toString());
        }
    }

    private static JsonObject parse(String line) {
        try {
            return Json.createReader(new StringReader(line)).readObject();
        } catch (JsonException e) {
            throw new AssertionError("a line that is not one JSON object: " + line, e);
        }
    }
}
