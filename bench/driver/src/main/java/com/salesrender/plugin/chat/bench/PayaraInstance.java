package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One Payara Micro process running the plugin, started, stopped and killed like an operator would. */
final class PayaraInstance {

    /** The run command's memory options (plugin-parent's run profile): the benchmark measures the plugin as it runs. */
    static final List<String> MEMORY_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:ReservedCodeCacheSize=96m",
            "-XX:MaxMetaspaceSize=320m");

    private final String name;
    private final int port;
    private final Path home;
    private final List<String> jvmOptions;
    private final Settings settings;
    private Process process;
    private long startedAt;
    private long readyAfterMillis;

    /**
     * Where Payara Micro, the post-boot file (the run command's, whose values are MicroProfile Config references), the
     * driver library, the WAR and the OpenMQ distribution are.
     */
    record Settings(Path payaraJar, Path postBootFile, Path addLibs, Path war, Path openMqHome) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(required("bench.payara-jar")),
                    Path.of(required("bench.post-boot")),
                    Path.of(required("bench.addlibs")),
                    Path.of(required("bench.war")),
                    Path.of(required("bench.openmq-home")));
        }
    }

    PayaraInstance(String name, int port, Path home, Settings settings, List<String> jvmOptions) {
        this.name = name;
        this.port = port;
        this.home = home;
        this.settings = settings;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Starts with a fresh server root (the database and broker keep the state, not the server). */
    void start() throws IOException {
        Path root = home.resolve("root");
        deleteTree(root);
        // Where the runnable jar carries them: the post-boot file deploys the adapter from the server's config folder.
        Path openMq = Files.createDirectories(root.resolve("config/openmq/lib/props"));
        Files.copy(settings.openMqHome().resolve("lib/imqjmsra.rar"), openMq.resolveSibling("imqjmsra.rar"));
        copyTree(settings.openMqHome().resolve("lib/props/broker"), openMq.resolve("broker"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MEMORY_OPTIONS);
        command.add("-Djava.io.tmpdir=" + home);
        command.addAll(jvmOptions);
        // The plugin's configuration (plugin.db, plugin.broker.addresses, plugin.data-dir...): every plugin.* system
        // property of the driver, read by the server at its start.
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("plugin."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        // Extra server JVM options for one run, e.g. a flight recording:
        // -Dbench.server-jvm="-XX:StartFlightRecording=..."
        String extra = System.getProperty("bench.server-jvm", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dhazelcast.socket.bind.any=false", // as the runnable jar: the data grid on 127.0.0.1 alone
                "-jar",
                settings.payaraJar().toString(),
                "--nocluster",
                "--port",
                String.valueOf(port),
                "--rootdir",
                root.toString(),
                "--addlibs",
                settings.addLibs().toString(),
                "--postbootcommandfile",
                settings.postBootFile().toString()));
        // As the run command: the HTTP listener opens once the plugin is deployed (the files beside the post-boot
        // file).
        Path preBoot = settings.postBootFile().resolveSibling("pre-boot-commands.asadmin");
        Path postDeploy = settings.postBootFile().resolveSibling("post-deploy-commands.asadmin");
        if (Files.exists(preBoot) && Files.exists(postDeploy)) {
            command.addAll(List.of(
                    "--prebootcommandfile", preBoot.toString(), "--postdeploycommandfile", postDeploy.toString()));
        }
        command.addAll(List.of("--deploy", settings.war().toString()));
        startedAt = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as the run command
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve(name + ".log").toFile()))
                .start();
    }

    /**
     * Waits until /health/ready answers 200 with the plugin's own check in it: before the plugin is deployed, Payara
     * answers UP with no checks at all.
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; see " + home.resolve(name + ".log"));
            }
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"chat-plugin\"")) {
                    readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + home.resolve(name + ".log"));
    }

    /** kill -9: no shutdown hook, no clean-up, in-flight work simply stops. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as systemd, Kubernetes and Ctrl+C stop a server, and waits for the process to end (a minute at most,
     * then kill -9). Answers its exit status (-1 when it had to be killed).
     */
    int terminate() throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** The server's process id, for a thread dump. */
    long pid() {
        return process.pid();
    }

    /** Where the server writes its log (every start appends to it). */
    Path log() {
        return home.resolve(name + ".log");
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Resident memory of the server process, from /proc (Linux). */
    long rssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** CPU time the server process has used so far (all its threads, user and system), from /proc (Linux). */
    Duration cpuTime() {
        return process.info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("No CPU time of the server"));
    }

    /**
     * CPU time the server's JIT compiler threads have used so far (user and system), from /proc (Linux): the share of
     * {@link #cpuTime()} that compiles code rather than runs it.
     */
    Duration compilerCpuTime() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).matches("(?s)C[12] Compiler.*")) {
                        continue;
                    }
                    // After the name in parentheses: state is field 3, utime and stime fields 14 and 15.
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return Duration.ofMillis(ticks * 10); // USER_HZ: 100 on Linux
    }

    long readyAfterMillis() {
        return readyAfterMillis;
    }

    /** The folder of this instance's files (its log, its domain). */
    Path home() {
        return home;
    }

    String name() {
        return name;
    }

    URL base() {
        try {
            return URI.create("http://localhost:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Set -D" + property);
        }
        return value;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
