package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.PluginWar;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * A transaction whose commit the database refused as it went away is an outage like any other: 503 with
 * {@code Retry-After}, so the CRM sends again, never a bare 500. It reaches JAX-RS as a TransactionalException, for
 * which Jersey has a mapper of its own that in some starts lets it through as a 500 (a crash test's PostgreSQL restart
 * cut an accept's commit and got one). A test mapper that always does so ({@link BareTransactionFailures}) stands for
 * it, so the case does not depend on the start.
 *
 * <p>Its own server, the WAR deployed at boot as the run command does: that is where Jersey's mapper is in the running.
 */
class TransactionFailureIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private final Path work = Path.of("target", "transaction-failure", String.valueOf(System.nanoTime()));

    @Test
    void aCommitRefusedAsTheDatabaseWentAwayIsAnswered503() throws Exception {
        Files.createDirectories(work);
        Path war = work.resolve("plugin.war");
        // The run command's plugin, with a request whose commit is refused and a mapper that answers it a bare 500.
        PluginWar.asBuilt()
                .addClasses(TransactionFailureProbe.class, BareTransactionFailures.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile());
        try (PluginServer server = PluginServer.builder(work.resolve("server"))
                .war(war)
                .heap("384m")
                .start()
                .awaitReady(START)) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "test-probe/transaction/commit-refused"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("5", answer.headers().firstValue("Retry-After").orElse(""));
            JsonObject body = Json.createReader(new StringReader(answer.body())).readObject();
            assertEquals(503, body.getInt("code"));
            assertEquals("The database is not available; send again in a few seconds", body.getString("message"));
        }
    }
}
