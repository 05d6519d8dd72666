package com.salesrender.plugin.chat.testkit;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The built plugin on a Payara Micro process of its own, started by the test (not by Arquillian): for what one
 * Arquillian server cannot show, such as two instances sharing one database, and one of them killed with {@code kill
 * -9}.
 *
 * <pre>
 * try (SharedH2Database database = SharedH2Database.start(work.resolve("database"));
 *         PluginServer one = PluginServer.builder(work.resolve("one")).database(database).start();
 *         PluginServer two = PluginServer.builder(work.resolve("two")).database(database).start()) {
 *     one.awaitReady(Duration.ofMinutes(4));
 *     two.awaitReady(Duration.ofMinutes(4));
 *     PluginClient client = new PluginClient(one.url());
 *     ...
 *     one.kill();   // SIGKILL: no stop, no goodbye
 * }
 * </pre>
 *
 * It runs as the integration tests' server does: the command files the build filtered into
 * {@code target/payara-config/it/}, copied into the server's own folder with its own data folder (the embedded broker's
 * files) and broker port, and, with {@link Builder#database}, the database pool pointed at the shared database; the
 * packaged WAR ({@code it.war}, as {@link PluginWar}); the system properties that make the plugin trust {@link FakeCrm}
 * ({@code plugin.self-uri}, {@code plugin.crm.scheme}, {@code plugin.crm.hostnames}) and any others given. Start the
 * servers one after the other (each migrates the database at its start). Its output goes to {@code server.log} in its
 * folder ({@link #log()}).
 *
 * <p>With {@link Builder#runnableJar} it runs the plugin's runnable jar instead ({@code target/<name>.jar}), as a
 * service would: {@code java -jar} in the server's folder, configured only by system properties, environment variables
 * ({@link Builder#environment}) and Payara options ({@link Builder#option}, such as {@code --secretsdir}); its data
 * folder ({@code plugin.data-dir}) and embedded broker port ({@code plugin.broker.port}) are its own unless given.
 */
public final class PluginServer implements AutoCloseable {

    private final Process process;
    private final Path folder;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private PluginServer(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** A server whose files (command files, data, root, log) live in {@code folder}. */
    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /** Its HTTP address, {@code http://localhost:<port>/}: give it to a {@link PluginClient}. */
    public URL url() {
        try {
            return URI.create("http://localhost:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The operating system's id of the process. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the plugin answers {@code GET /info} with 200 (until then the server refuses connections), at most
     * {@code bound}.
     *
     * @throws IllegalStateException when the process ended or the bound passed first (with the end of its log)
     */
    public PluginServer awaitReady(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        HttpRequest info = HttpRequest.newBuilder(URI.create(url() + "info"))
                .timeout(Duration.ofSeconds(10))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The server ended with status " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // refused until the plugin is deployed
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server was not ready within " + bound + ":\n" + logTail());
    }

    /**
     * Waits for the process to end by itself (a start that fails ends with status 1) and answers its exit status.
     *
     * @throws IllegalStateException when it still runs after {@code bound}
     */
    public int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The server still runs after " + bound + ":\n" + logTail());
        }
        return process.exitValue();
    }

    /** Ends the process with SIGKILL (nothing runs in it after this) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops it with SIGTERM (the plugin's graceful stop), then SIGKILL if it has not ended within a minute. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Everything the server wrote to its standard output and error so far. */
    public String log() {
        try {
            return Files.readString(folder.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String logTail() {
        String log = log();
        return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /**
     * A free TCP port of this machine (free when asked: take it soon), never one handed out before in this JVM. Taken
     * below the ports the system hands out for "any port" (32768 and up on Linux): a port that one gave would go back
     * to that pool, and a server starting meanwhile binds such ports for its broker's services, so the plugin's own
     * port could turn out to be its broker's (which accepts an HTTP request and closes the connection without
     * answering).
     */
    public static int freePort() throws IOException {
        for (int tried = 0; tried < 200; tried++) {
            int port = ThreadLocalRandom.current().nextInt(FREE_PORTS_FROM, FREE_PORTS_TO);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Below the IT broker's 27676 and the system's "any port" range; above the usual services' fixed ports. */
    private static final int FREE_PORTS_FROM = 20000;

    private static final int FREE_PORTS_TO = 27000;

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** What a {@link PluginServer} runs with; every path relative to the project (the test's working folder). */
    public static final class Builder {

        private final Path folder;
        private Path war = Path.of(System.getProperty("it.war", "target/plugin.war"));
        private Path payaraJar = Path.of("target/payara-micro.jar");
        private Path commandFiles = Path.of("target/payara-config/it");
        private Path testDataFolder = Path.of("target/it-data");
        private Path libraries = Path.of("target/lib/postgresql.jar");
        private SharedH2Database database;
        private String postgresqlDatabase;
        private String heap = "512m";
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path runnableJar;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> options = new ArrayList<>();

        private Builder(Path folder) {
            this.folder = folder.toAbsolutePath();
            properties.put("plugin.self-uri", FakeCrm.SELF_URI);
            properties.put("plugin.crm.scheme", "http");
            properties.put("plugin.crm.hostnames", "localhost");
        }

        /** The WAR to deploy (default: the system property {@code it.war}, the packaged one). */
        public Builder war(Path war) {
            this.war = war;
            return this;
        }

        /** Payara Micro (default {@code target/payara-micro.jar}, where the build copies it). */
        public Builder payaraJar(Path jar) {
            this.payaraJar = jar;
            return this;
        }

        /**
         * The folder of the command files to copy (default {@code target/payara-config/it}) and the data folder they
         * name (default {@code target/it-data}), which the copies replace with this server's own.
         */
        public Builder commandFiles(Path folder, Path dataFolderTheyName) {
            this.commandFiles = folder;
            this.testDataFolder = dataFolderTheyName;
            return this;
        }

        /**
         * Jars added to the server's class path ({@code --addlibs}; default {@code target/lib/postgresql.jar}, the
         * driver of the PostgreSQL pool the command files define), when the path exists.
         */
        public Builder libraries(Path jarOrFolder) {
            this.libraries = jarOrFolder;
            return this;
        }

        /** The database the server's pool uses (default: an H2 file of its own under its folder). */
        public Builder database(SharedH2Database database) {
            this.database = database;
            return this;
        }

        /**
         * The PostgreSQL database the server's pool uses, by name on the server the command files name (default:
         * theirs, {@code plugin.db.name}); for command files made with {@code -Dplugin.db=postgresql}.
         */
        public Builder postgresqlDatabase(String name) {
            this.postgresqlDatabase = name;
            return this;
        }

        /** A system property of the server ({@code plugin.work.lease=PT5S}); overrides the defaults. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** The maximum heap ({@code -Xmx}, default {@code 512m}). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /**
         * Runs this runnable jar ({@code java -jar}, in the server's folder) instead of Payara Micro with the WAR and
         * the test command files; {@link #war}, {@link #payaraJar}, {@link #commandFiles}, {@link #libraries} and
         * {@link #database} then do not apply.
         */
        public Builder runnableJar(Path jar) {
            this.runnableJar = jar;
            return this;
        }

        /** An environment variable of the server process ({@code PLUGIN_DB=postgresql}). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A Payara Micro option for the runnable jar, with its value ({@code "--secretsdir", "/run/secrets"}). */
        public Builder option(String... option) {
            options.addAll(List.of(option));
            return this;
        }

        /** Copies the command files and launches the process on a free port; {@link #awaitReady} waits for it. */
        public PluginServer start() throws IOException {
            if (runnableJar != null) {
                return startRunnableJar();
            }
            Path config = Files.createDirectories(folder.resolve("config"));
            Path data = Files.createDirectories(folder.resolve("data"));
            String brokerPort = String.valueOf(freePort());
            for (String name : List.of(
                    "pre-boot-commands.asadmin", "post-boot-commands.asadmin", "post-deploy-commands.asadmin")) {
                String commands = Files.readString(commandFiles.resolve(name), StandardCharsets.UTF_8)
                        .replace(testDataFolder.toAbsolutePath().toString(), data.toString())
                        .replaceAll("BrokerPort=\\d+", "BrokerPort=" + brokerPort)
                        .replaceAll("localhost\\\\:\\d+", Matcher.quoteReplacement("localhost\\:" + brokerPort));
                if (database != null) {
                    commands = commands.replaceAll(
                                    "URL=jdbc\\\\:h2\\\\:file\\\\:[^;]*;WRITE_DELAY\\\\=0",
                                    Matcher.quoteReplacement("URL=" + asadminValue(database.jdbcUrl())))
                            .replaceAll(
                                    "--connectionpoolid chat-plugin-\\w+-pool jdbc/chatPlugin",
                                    "--connectionpoolid chat-plugin-h2-pool jdbc/chatPlugin");
                    if (name.startsWith("post-boot") && !commands.contains("jdbc\\:h2\\:tcp")) {
                        throw new IllegalStateException(
                                "No H2 pool URL to point at the shared database in " + commandFiles.resolve(name));
                    }
                }
                if (postgresqlDatabase != null && name.startsWith("post-boot")) {
                    if (!commands.contains("--connectionpoolid chat-plugin-postgresql-pool jdbc/chatPlugin")) {
                        throw new IllegalStateException("The command files in " + commandFiles
                                + " do not use the PostgreSQL pool: build them with -Dplugin.db=postgresql");
                    }
                    commands = commands.replaceAll(
                            "databaseName=[^:\\s]*", Matcher.quoteReplacement("databaseName=" + postgresqlDatabase));
                }
                Files.writeString(config.resolve(name), commands, StandardCharsets.UTF_8);
            }
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap,
                    // With the pre-boot file's data grid interface: Payara's data grid listens on 127.0.0.1 alone.
                    "-Dhazelcast.socket.bind.any=false",
                    "-Djava.io.tmpdir=" + Files.createDirectories(folder.resolve("tmp"))));
            properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of(
                    "-jar",
                    payaraJar.toAbsolutePath().toString(),
                    "--nocluster",
                    "--rootdir",
                    folder.resolve("root").toString(),
                    "--port",
                    String.valueOf(port)));
            if (Files.exists(libraries)) {
                command.addAll(List.of("--addlibs", libraries.toAbsolutePath().toString()));
            }
            command.addAll(List.of(
                    "--prebootcommandfile",
                    config.resolve("pre-boot-commands.asadmin").toString(),
                    "--postbootcommandfile",
                    config.resolve("post-boot-commands.asadmin").toString(),
                    "--postdeploycommandfile",
                    config.resolve("post-deploy-commands.asadmin").toString(),
                    "--deploy",
                    war.toAbsolutePath().toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("server.log").toFile())
                    .start();
            return new PluginServer(process, folder, port);
        }

        private PluginServer startRunnableJar() throws IOException {
            Files.createDirectories(folder);
            int port = freePort();
            Map<String, String> own = new LinkedHashMap<>();
            if (!environment.containsKey("PLUGIN_DATA_DIR")) {
                own.put("plugin.data-dir", folder.resolve("data").toString());
            }
            if (!environment.containsKey("PLUGIN_BROKER_PORT")) {
                own.put("plugin.broker.port", String.valueOf(freePort()));
            }
            own.putAll(properties);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap,
                    "-Djava.io.tmpdir=" + Files.createDirectories(folder.resolve("tmp"))));
            own.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of("-jar", runnableJar.toAbsolutePath().toString(), "--port", String.valueOf(port)));
            command.addAll(options);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("server.log").toFile());
            builder.environment().putAll(environment);
            return new PluginServer(builder.start(), folder, port);
        }

        /** An asadmin property value: colons and equals signs escaped. */
        private static String asadminValue(String value) {
            return value.replace(":", "\\:").replace("=", "\\=");
        }
    }
}
