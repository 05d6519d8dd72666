package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An OpenMQ broker process from the distribution (imqbrokerd), which the crash test kills and restarts. */
final class Broker {

    private final Path mqHome;
    private final int port;
    private final Path varHome;
    private Process process;

    Broker(Path mqHome, int port, Path varHome) {
        this.mqHome = mqHome;
        this.port = port;
        this.varHome = varHome;
    }

    /** Starts it; persistent messages live under the same var home across restarts. */
    void start() throws IOException, InterruptedException {
        Files.createDirectories(varHome);
        String javaHome = System.getProperty("java.home");
        process = new ProcessBuilder(List.of(
                        mqHome.resolve("bin/imqbrokerd").toString(),
                        "-javahome",
                        javaHome,
                        "-port",
                        String.valueOf(port),
                        "-varhome",
                        varHome.toString(),
                        "-name",
                        "chatcrash",
                        "-silent"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        varHome.resolveSibling("broker.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("localhost", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("broker not listening on " + port);
    }

    /** kill -9 of the broker JVM (the imqbrokerd script's child) and the script. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        Thread.sleep(500);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }
}
