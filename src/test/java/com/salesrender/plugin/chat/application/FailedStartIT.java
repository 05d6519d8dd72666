package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and failing to start, on Payara Micro launched as the run command launches it, with the packaged WAR: a
 * wrong {@code /info} property makes the process exit with status 1 and say why on standard error (instead of printing
 * "ready" and serving without the plugin); a good start refuses connections until the plugin is deployed.
 */
class FailedStartIT {

    @TempDir
    Path work;

    @Test
    void aBadInfoPropertyEndsTheProcessWithStatusOneAndTheReasonOnStandardError() throws Exception {
        File stderr = work.resolve("stderr.log").toFile();
        Process server = launch(freePort(), stderr, "-Dplugin.info.developer.hostname=https://example.com/");
        boolean ended = server.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String errors = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
        assertTrue(ended, "the process ended by itself");
        assertEquals(1, server.exitValue(), errors);
        assertTrue(errors.contains("The chat plugin cannot start: Configuration property plugin.info.developer.hostname"
                + " must be a bare host name"), errors);
    }

    /**
     * While the server starts, a request is refused at the connection: no HTTP answer comes before the plugin is
     * deployed (a server without it would answer 404, 500 or an HTML 503), and then the plugin answers. Bounded: 4 minutes.
     */
    @Test
    void untilThePluginIsDeployedConnectionsAreRefused() throws Exception {
        int port = freePort();
        Path log = work.resolve("stderr.log");
        Process server = launch(port, log.toFile());
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest info = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/info"))
                    .timeout(Duration.ofSeconds(10)).build();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            int refused = 0;
            HttpResponse<String> first = null;
            String logAtFirstAnswer = null;
            while (first == null && System.nanoTime() < deadline && server.isAlive()) {
                try {
                    first = http.send(info, HttpResponse.BodyHandlers.ofString());
                    logAtFirstAnswer = Files.readString(log, StandardCharsets.UTF_8);
                } catch (java.net.ConnectException e) {
                    refused++;
                    Thread.sleep(100);
                }
            }
            assertTrue(first != null, "the server answered at last (" + refused + " connections refused before)");
            assertTrue(refused > 0, "the server was polled while it started");
            assertTrue(logAtFirstAnswer.contains("Deployed 1 archive(s)"),
                    "no answer before the plugin was deployed; the first was " + first.statusCode() + " " + first.body());
            HttpResponse<String> answer = first;
            while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                answer = http.send(info, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"developer\""), answer.body());
        } finally {
            server.destroy(); // Payara Micro stops on SIGTERM
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Payara Micro as the run command starts it (the test's command files), with the packaged WAR. */
    private Process launch(int port, File stderr, String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + work));
        command.addAll(List.of(systemProperties));
        command.addAll(List.of("-jar", "target/payara-micro.jar",
                "--nocluster", "--rootdir", work.resolve("root").toString(), "--port", String.valueOf(port),
                "--addlibs", "target/lib/postgresql.jar",
                "--prebootcommandfile", "target/payara-config/it/pre-boot-commands.asadmin",
                "--postbootcommandfile", "target/payara-config/it/post-boot-commands.asadmin",
                "--postdeploycommandfile", "target/payara-config/it/post-deploy-commands.asadmin",
                "--deploy", System.getProperty("it.war", "target/chat-plugin.war")));
        return new ProcessBuilder(command)
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(stderr)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
