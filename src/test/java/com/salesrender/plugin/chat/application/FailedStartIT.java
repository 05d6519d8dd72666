package com.salesrender.plugin.chat.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed ends the process: Payara Micro launched as the run command launches it, with the
 * packaged WAR and a wrong {@code /info} property, exits with status 1 and says why on standard error (instead of
 * printing "ready" and serving without the plugin). Bounded: a process still running after 3 minutes fails the test.
 */
class FailedStartIT {

    @TempDir
    Path work;

    @Test
    void aBadInfoPropertyEndsTheProcessWithStatusOneAndTheReasonOnStandardError() throws Exception {
        String war = System.getProperty("it.war", "target/chat-plugin.war");
        File stderr = work.resolve("stderr.log").toFile();
        Process server = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + work,
                "-Dplugin.info.developer.hostname=https://example.com/",
                "-jar", "target/payara-micro.jar",
                "--nocluster", "--rootdir", work.resolve("root").toString(),
                "--port", "28080", "--autobindhttp", // the next free port from 28080
                "--addlibs", "target/lib/postgresql.jar",
                "--prebootcommandfile", "target/payara-config/it/pre-boot-commands.asadmin",
                "--postbootcommandfile", "target/payara-config/it/post-boot-commands.asadmin",
                "--postdeploycommandfile", "target/payara-config/it/post-deploy-commands.asadmin",
                "--deploy", war))
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(stderr)
                .start();
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
}
