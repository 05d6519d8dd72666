package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An OpenMQ broker process from the distribution (imqbrokerd), which the crash test and the failover proof kill and
 * restart.
 */
final class Broker {

    private final Path mqHome;
    private final int port;
    private final Path varHome;
    private final String name;
    private final String host;
    private final List<String> options;
    private Process process;

    Broker(Path mqHome, int port, Path varHome) {
        this(mqHome, port, varHome, "chatcrash", "localhost", List.of());
    }

    /**
     * A named broker listening on {@code host} with more imqbrokerd options (a cluster's {@code -cluster} list, say).
     */
    Broker(Path mqHome, int port, Path varHome, String name, String host, List<String> options) {
        this.mqHome = mqHome;
        this.port = port;
        this.varHome = varHome;
        this.name = name;
        this.host = host;
        this.options = List.copyOf(options);
    }

    /** Starts it; persistent messages live under the same var home across restarts. */
    void start() throws IOException, InterruptedException {
        Files.createDirectories(varHome);
        String javaHome = System.getProperty("java.home");
        List<String> command = new ArrayList<>(List.of(
                mqHome.resolve("bin/imqbrokerd").toString(),
                "-javahome",
                javaHome,
                "-port",
                String.valueOf(port),
                "-varhome",
                varHome.toString(),
                "-name",
                name,
                "-silent"));
        command.addAll(options);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        varHome.resolveSibling("broker.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(host, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("broker not listening on " + port);
    }

    /** CPU time the broker's processes (the script and its java child) have used so far. */
    Duration cpuTime() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
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
