package com.salesrender.plugin.chat.testkit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a plugin's deployment recipes, offline: the folder {@code docs/deploy} of the core, {@code deploy} of a plugin
 * project. The recipes for a plugin named {@code acme-chat} (its artifactId: jar {@code acme-chat.jar}):
 *
 * <ul>
 *   <li>{@code acme-chat.service}, a systemd unit, and {@code acme-chat.env}, its settings;
 *   <li>{@code Dockerfile}, the image;
 *   <li>{@code k8s-embedded.yaml} (one pod, its data on a volume), {@code k8s-cluster.yaml} (several pods on PostgreSQL
 *       and a broker of their own) and {@code k8s-secret.yaml} (the secrets both read).
 * </ul>
 *
 * <pre>
 * DeploymentRecipes.of(Path.of("deploy"), "acme-chat")
 *         .withPropertiesOf(Path.of("src/main/resources/META-INF/microprofile-config.properties"))
 *         .checkAll();
 * </pre>
 *
 * Each check throws an {@link AssertionError} listing every problem it found. What they hold the recipes to: the ports,
 * health routes and properties the plugin really has (every {@code PLUGIN_*} variable and {@code plugin.*} property a
 * recipe names is one of the core's documentation, {@code docs/configuration.md}, or one of the plugin's own), its
 * graceful stop ({@code plugin.shutdown.grace}), its memory options, a user that is not root, and one instance only
 * where the data is embedded. The systemd unit is also checked by {@code systemd-analyze verify}, which must be
 * installed (package {@code systemd}); the manifests are read into the Kubernetes model, where an unknown field is a
 * problem.
 */
public final class DeploymentRecipes {

    /** The HTTP port of the plugin, which every recipe must use. */
    public static final int HTTP_PORT = 8080;

    /** The time the plugin takes to stop beyond plugin.shutdown.grace: requests let in get 5 s more. */
    private static final Duration REQUESTS_GRACE = Duration.ofSeconds(5);

    /** The JVM options of the run command that hold in every recipe; the heap is bounded differently per recipe. */
    private static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=96m", "-XX:MaxMetaspaceSize=320m");

    private static final Pattern ENV_NAME = Pattern.compile("\\bPLUGIN_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern PROPERTY_NAME = Pattern.compile("(?<![\\w.-])plugin\\.[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern DOCUMENTED_PROPERTY = Pattern.compile("`(plugin\\.[a-z0-9.-]*[a-z0-9])`");

    private final Path folder;
    private final String name;
    private Path documentation;
    private final Map<String, String> ownProperties = new TreeMap<>();

    private DeploymentRecipes(Path folder, String name) {
        this.folder = folder;
        this.name = name;
    }

    /**
     * The recipes in {@code folder} of the plugin {@code name}: the artifactId, which names its jar, its systemd
     * service, its image and its Kubernetes objects.
     */
    public static DeploymentRecipes of(Path folder, String name) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("No folder of deployment recipes at " + folder.toAbsolutePath());
        }
        if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            throw new IllegalArgumentException(
                    "A plugin's name must be a DNS label (lower case, digits, '-'): " + name);
        }
        return new DeploymentRecipes(folder, name);
    }

    /**
     * Reads the documented properties from this file (the core's {@code docs/configuration.md}) instead of the copy the
     * test kit carries.
     */
    public DeploymentRecipes documentedIn(Path configurationMarkdown) {
        if (!Files.isRegularFile(configurationMarkdown)) {
            throw new IllegalArgumentException("No documentation of the properties at " + configurationMarkdown);
        }
        this.documentation = configurationMarkdown;
        return this;
    }

    /**
     * Also knows the plugin's own properties, those of its {@code microprofile-config.properties} (a recipe may set
     * them), and takes its values of the core's (e.g. a longer {@code plugin.shutdown.grace}).
     */
    public DeploymentRecipes withPropertiesOf(Path microprofileConfigProperties) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(microprofileConfigProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + microprofileConfigProperties, e);
        }
        properties.stringPropertyNames().forEach(key -> ownProperties.put(key, properties.getProperty(key)));
        return this;
    }

    /** Every check below. */
    public void checkAll() {
        Problems problems = new Problems();
        checkNames(problems);
        checkSystemdUnit(problems);
        checkDockerfile(problems);
        checkEmbeddedManifest(problems);
        checkClusterManifest(problems);
        problems.throwIfAny();
    }

    /**
     * Every {@code PLUGIN_*} variable and {@code plugin.*} property named in any recipe (comments included) is a
     * documented property or one of the plugin's own: no invented name.
     */
    public void checkNames() {
        Problems problems = new Problems();
        checkNames(problems);
        problems.throwIfAny();
    }

    /**
     * {@code <name>.service}: {@code systemd-analyze verify} has nothing to say, it runs {@code -jar
     * /opt/<name>/<name>.jar} as a user that is not root with the run command's JVM options and
     * {@code MALLOC_ARENA_MAX=2}, its data folder (PLUGIN_DATA_DIR) is its StateDirectory and working folder, settings
     * come from an EnvironmentFile and secrets from LoadCredential through {@code --secretsdir}, it stops with SIGTERM
     * within a TimeoutStopSec longer than the plugin's stop, 143 counts as success, and a failure restarts it.
     */
    public void checkSystemdUnit() {
        Problems problems = new Problems();
        checkSystemdUnit(problems);
        problems.throwIfAny();
    }

    /**
     * {@code Dockerfile}: a JDK 17 base, the jar {@code target/<name>.jar} copied and run by an exec-form ENTRYPOINT
     * (java as the first process, so it gets SIGTERM), a user that is not root, the heap as a share of the container
     * ({@code -XX:MaxRAMPercentage}, no {@code -Xmx}), {@code MALLOC_ARENA_MAX=2}, port 8080, a HEALTHCHECK on
     * {@code /health/ready} and a VOLUME at PLUGIN_DATA_DIR.
     */
    public void checkDockerfile() {
        Problems problems = new Problems();
        checkDockerfile(problems);
        problems.throwIfAny();
    }

    /**
     * {@code k8s-embedded.yaml}: one replica replaced by Recreate, the embedded database and broker, PLUGIN_DATA_DIR on
     * a PersistentVolumeClaim, and what every pod needs (see {@link #checkClusterManifest()}, but for the replicas).
     */
    public void checkEmbeddedManifest() {
        Problems problems = new Problems();
        checkEmbeddedManifest(problems);
        problems.throwIfAny();
    }

    /**
     * {@code k8s-cluster.yaml}: a Deployment of several replicas on PostgreSQL and a REMOTE broker, whose credentials,
     * secrets key and admin token come from the Secret of {@code k8s-secret.yaml} (each key it reads is there);
     * startup, readiness and liveness probes on {@code /health/started}, {@code /ready}, {@code /live} at port 8080; a
     * preStop pause and a terminationGracePeriodSeconds longer than it plus the plugin's stop; resource requests and
     * limits; a user that is not root; a Service and a PodDisruptionBudget that select its pods.
     */
    public void checkClusterManifest() {
        Problems problems = new Problems();
        checkClusterManifest(problems);
        problems.throwIfAny();
    }

    // --- names -------------------------------------------------------------------------------------------------

    private void checkNames(Problems problems) {
        Map<String, String> known = knownEnvironment();
        for (Path file : recipeFiles()) {
            String text = read(file);
            Set<String> envNames = new TreeSet<>();
            Matcher env = ENV_NAME.matcher(text);
            while (env.find()) {
                envNames.add(env.group());
            }
            envNames.stream()
                    .filter(envName -> !known.containsKey(envName))
                    .forEach(envName -> problems.add(
                            "%s names %s, which is no documented property's variable", file.getFileName(), envName));
            Set<String> properties = new TreeSet<>();
            Matcher property = PROPERTY_NAME.matcher(text);
            while (property.find()) {
                properties.add(property.group());
            }
            properties.stream()
                    .filter(p -> !known.containsValue(p))
                    .forEach(p -> problems.add("%s names %s, which is no documented property", file.getFileName(), p));
        }
    }

    /** The environment variable of each known property (MicroProfile Config's mapping), to the property. */
    private Map<String, String> knownEnvironment() {
        Map<String, String> known = new TreeMap<>();
        documentedDefaults().keySet().forEach(p -> known.put(environmentName(p), p));
        ownProperties.keySet().forEach(p -> known.put(environmentName(p), p));
        return known;
    }

    /** MicroProfile Config's environment name of a property: other characters than letters and digits as '_'. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The documented properties with their documented default (the table cell, backticks removed). */
    private Map<String, String> documentedDefaults() {
        String markdown;
        if (documentation != null) {
            markdown = read(documentation);
        } else {
            try (InputStream in = DeploymentRecipes.class.getResourceAsStream("configuration.md")) {
                if (in == null) {
                    throw new IllegalStateException("The test kit lacks its copy of docs/configuration.md");
                }
                markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Every property named in the first cell of a table row (the /info table names several in one); the default
        // is the third cell of the tables that have one.
        Map<String, String> defaults = new TreeMap<>();
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 3) {
                continue;
            }
            Matcher property = DOCUMENTED_PROPERTY.matcher(cells[1]);
            while (property.find()) {
                defaults.put(
                        property.group(1),
                        cells.length > 4 ? cells[3].replace("`", "").trim() : "");
            }
        }
        if (!defaults.containsKey("plugin.shutdown.grace")) {
            throw new IllegalStateException("The documentation of the properties has no row for plugin.shutdown.grace");
        }
        return defaults;
    }

    /** How long the plugin takes to stop after SIGTERM: plugin.shutdown.grace, then 5 s for requests let in. */
    private Duration stopTime() {
        String grace = ownProperties.getOrDefault(
                "plugin.shutdown.grace", documentedDefaults().get("plugin.shutdown.grace"));
        try {
            return Duration.parse(grace).plus(REQUESTS_GRACE);
        } catch (RuntimeException e) {
            throw new IllegalStateException("plugin.shutdown.grace is not a duration: " + grace, e);
        }
    }

    // --- systemd ---------------------------------------------------------------------------------------------------

    private void checkSystemdUnit(Problems problems) {
        Path file = recipe(name + ".service");
        Map<String, List<String>> service = unitSection(read(file), "Service");
        Problems unit = problems.about(file.getFileName().toString());

        String user = last(service, "User").orElse("");
        unit.check(!user.isEmpty() && !user.equals("root") && !user.equals("0"), "runs as root (User=%s)", user);

        List<String> command = splitWords(last(service, "ExecStart").orElse(""));
        String jar = "/opt/" + name + "/" + name + ".jar";
        int jarAt = command.indexOf("-jar");
        unit.check(
                jarAt > 0
                        && command.size() > jarAt + 1
                        && command.get(jarAt + 1).equals(jar),
                "ExecStart does not run -jar %s: %s",
                jar,
                command);
        unit.check(!command.isEmpty() && command.get(0).startsWith("/"), "ExecStart's program is no absolute path");
        List<String> jvmOptions = command.subList(0, Math.max(jarAt, 0));
        requireJvmOptions(unit, "ExecStart", jvmOptions);
        unit.check(jvmOptions.contains("-Xmx512m"), "ExecStart lacks the run command's heap -Xmx512m");
        unit.check(jvmOptions.contains("-Xss512k"), "ExecStart lacks -Xss512k");
        List<String> pluginOptions =
                jarAt < 0 ? List.of() : command.subList(Math.min(jarAt + 2, command.size()), command.size());
        checkPortOption(unit, "ExecStart", pluginOptions);

        Map<String, String> environment = new LinkedHashMap<>();
        service.getOrDefault("Environment", List.of())
                .forEach(line -> splitWords(line).forEach(assignment -> {
                    int equals = assignment.indexOf('=');
                    if (equals > 0) {
                        environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                    }
                }));
        unit.check("2".equals(environment.get("MALLOC_ARENA_MAX")), "does not set MALLOC_ARENA_MAX=2");
        String stateDirectory = last(service, "StateDirectory").orElse("");
        unit.check(!stateDirectory.isEmpty(), "has no StateDirectory for the data folder");
        String dataDir = environment.getOrDefault("PLUGIN_DATA_DIR", "");
        unit.check(
                !stateDirectory.isEmpty()
                        && (dataDir.equals("/var/lib/" + stateDirectory) || dataDir.equals("%S/" + stateDirectory)),
                "PLUGIN_DATA_DIR (%s) is not its StateDirectory /var/lib/%s",
                dataDir,
                stateDirectory);
        unit.check(
                last(service, "WorkingDirectory").orElse("").equals(dataDir),
                "WorkingDirectory is not the data folder %s",
                dataDir);
        unit.check(service.containsKey("EnvironmentFile"), "has no EnvironmentFile for the settings");

        List<String> credentials = service.getOrDefault("LoadCredential", List.of());
        int secretsDirAt = command.indexOf("--secretsdir");
        unit.check(
                secretsDirAt > jarAt
                        && command.size() > secretsDirAt + 1
                        && Set.of("${CREDENTIALS_DIRECTORY}", "$CREDENTIALS_DIRECTORY", "%d")
                                .contains(command.get(secretsDirAt + 1)),
                "ExecStart does not pass --secretsdir ${CREDENTIALS_DIRECTORY} (the LoadCredential= files)");
        unit.check(!credentials.isEmpty(), "loads no credential (LoadCredential=) for the secrets");
        Collection<String> known = knownEnvironment().values();
        for (String credential : credentials) {
            String id = credential.split(":", 2)[0];
            unit.check(known.contains(id), "LoadCredential=%s is no documented property", id);
        }

        unit.check(
                last(service, "KillSignal").map("SIGTERM"::equals).orElse(false),
                "does not stop with KillSignal=SIGTERM");
        Duration stopTime = stopTime();
        Optional<Duration> timeout = last(service, "TimeoutStopSec").map(DeploymentRecipes::systemdSeconds);
        unit.check(
                timeout.map(t -> t.compareTo(stopTime) > 0).orElse(false),
                "TimeoutStopSec (%s) is not longer than the plugin's stop, %s s (plugin.shutdown.grace and 5 s)",
                last(service, "TimeoutStopSec").orElse("unset"),
                stopTime.toSeconds());
        unit.check(
                Arrays.asList(last(service, "SuccessExitStatus").orElse("").split("\\s+"))
                        .contains("143"),
                "does not count 143 (the JVM ended by SIGTERM) as success: SuccessExitStatus=143");
        unit.check(
                last(service, "Restart").map("on-failure"::equals).orElse(false),
                "is not restarted on failure (Restart=on-failure)");

        systemdAnalyzeVerify(file, command, unit);
    }

    /**
     * {@code systemd-analyze verify} on a copy whose java is the test's own (it requires the program to exist; the
     * recipe's /usr/bin/java may not, here), everything else as written.
     */
    private void systemdAnalyzeVerify(Path file, List<String> command, Problems unit) {
        if (command.isEmpty()) {
            return;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path work = null;
        try {
            work = Files.createTempDirectory("unit-check");
            Path copy = work.resolve(file.getFileName());
            String text = read(file);
            Matcher execStart = Pattern.compile("(?m)^ExecStart=" + Pattern.quote(command.get(0)) + "(?=\\s)")
                    .matcher(text);
            Files.writeString(copy, execStart.replaceFirst(Matcher.quoteReplacement("ExecStart=" + java)));
            Process process;
            try {
                process = new ProcessBuilder("systemd-analyze", "verify", copy.toString())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                unit.add(
                        "cannot be checked: systemd-analyze is not installed (Debian, Ubuntu: apt-get install"
                                + " systemd): %s",
                        e.getMessage());
                return;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                unit.add("systemd-analyze verify did not answer within 60 s");
                return;
            }
            // It also reports on units of this machine it loads as dependencies: only its words on this unit count.
            List<String> aboutThisUnit = output.lines()
                    .filter(line -> line.contains(file.getFileName().toString()))
                    .toList();
            unit.check(
                    process.exitValue() == 0 && aboutThisUnit.isEmpty(),
                    "systemd-analyze verify says (exit %d): %s",
                    process.exitValue(),
                    output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** A unit's section as key to its values in order; continuation lines joined, comments left out. */
    private static Map<String, List<String>> unitSection(String text, String section) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String current = "";
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.startsWith("#") || line.startsWith(";") || line.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String logical = pending.toString();
            pending.setLength(0);
            if (logical.startsWith("[") && logical.endsWith("]")) {
                current = logical.substring(1, logical.length() - 1);
            } else if (current.equals(section) && logical.contains("=")) {
                int equals = logical.indexOf('=');
                values.computeIfAbsent(logical.substring(0, equals).strip(), k -> new ArrayList<>())
                        .add(logical.substring(equals + 1).strip());
            }
        }
        return values;
    }

    private static Optional<String> last(Map<String, List<String>> section, String key) {
        List<String> values = section.getOrDefault(key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** A systemd time span: a number of seconds, or numbers with units (s, sec, m, min). */
    private static Duration systemdSeconds(String span) {
        Matcher part = Pattern.compile("(\\d+)\\s*(s|sec|m|min)?").matcher(span.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    part.group(2) != null && part.group(2).startsWith("m")
                            ? Duration.ofMinutes(amount)
                            : Duration.ofSeconds(amount));
            end = part.end();
            while (end < span.strip().length() && span.strip().charAt(end) == ' ') {
                end++;
            }
        }
        return end == span.strip().length() && end > 0 ? total : Duration.ZERO;
    }

    // --- Dockerfile ------------------------------------------------------------------------------------------------

    private void checkDockerfile(Problems problems) {
        Path file = recipe("Dockerfile");
        Problems docker = problems.about("Dockerfile");
        List<String[]> instructions = dockerInstructions(read(file));

        List<String> from = arguments(instructions, "FROM");
        String base = from.isEmpty()
                ? ""
                : splitWords(from.get(0)).stream()
                        .filter(word -> !word.startsWith("--"))
                        .findFirst()
                        .orElse("");
        String tag = base.contains(":") ? base.substring(base.lastIndexOf(':') + 1) : "";
        docker.check(tag.startsWith("17"), "is not based on a JDK 17 image (FROM %s)", base);

        Map<String, String> env = new LinkedHashMap<>();
        arguments(instructions, "ENV").forEach(line -> env.putAll(dockerEnv(line)));

        // The user in force when the ENTRYPOINT runs: the last USER.
        List<String> users = arguments(instructions, "USER");
        String user =
                users.isEmpty() ? "" : users.get(users.size() - 1).split(":")[0].strip();
        docker.check(!user.isEmpty(), "runs as root (no USER)");
        docker.check(!user.equals("root") && !user.equals("0"), "runs as root (USER %s)", user);

        String jarSource = "target/" + name + ".jar";
        String jar = null;
        for (String copy : arguments(instructions, "COPY")) {
            List<String> words = splitWords(copy).stream()
                    .filter(word -> !word.startsWith("--"))
                    .toList();
            if (words.size() == 2 && words.get(0).equals(jarSource)) {
                jar = words.get(1).endsWith("/") ? words.get(1) + name + ".jar" : words.get(1);
            }
        }
        docker.check(jar != null, "does not COPY %s (one source, one destination)", jarSource);

        List<String> entrypoint = arguments(instructions, "ENTRYPOINT");
        List<String> command = List.of();
        if (entrypoint.isEmpty()) {
            docker.add("has no ENTRYPOINT");
        } else {
            Optional<List<String>> execForm = execForm(entrypoint.get(entrypoint.size() - 1));
            if (execForm.isEmpty()) {
                docker.add("ENTRYPOINT is not in exec form (a JSON array): a shell would receive SIGTERM, not java");
            } else {
                command = execForm.get();
                if (command.size() >= 3
                        && Set.of("sh", "/bin/sh", "bash", "/bin/bash").contains(command.get(0))
                        && command.get(1).equals("-c")) {
                    String script = command.get(2).strip();
                    docker.check(
                            script.startsWith("exec "),
                            "ENTRYPOINT's shell does not exec java: java would not be the first process and"
                                    + " would not receive SIGTERM");
                    command = splitWords(script);
                }
            }
        }
        for (String cmd : arguments(instructions, "CMD")) {
            docker.check(execForm(cmd).isPresent(), "CMD is not in exec form (a JSON array)");
        }
        if (!command.isEmpty()) {
            int jarAt = command.indexOf("-jar");
            docker.check(
                    jar == null // reported above
                            || (jarAt >= 0
                                    && command.size() > jarAt + 1
                                    && command.get(jarAt + 1).equals(jar)),
                    "ENTRYPOINT does not run -jar %s: %s",
                    jar,
                    command);
            List<String> jvmOptions = jarAt < 0 ? command : command.subList(0, jarAt);
            requireJvmOptions(docker, "ENTRYPOINT", jvmOptions);
            docker.check(jvmOptions.stream().anyMatch(option -> option.startsWith("-Xss")), "ENTRYPOINT sets no -Xss");
            // JVM_ARGS last, so an operator's option wins over the recipe's (another collector, say:
            // docs/operations.md).
            docker.check(
                    !jvmOptions.isEmpty()
                            && List.of("${JVM_ARGS}", "$JVM_ARGS").contains(jvmOptions.get(jvmOptions.size() - 1)),
                    "ENTRYPOINT does not end its JVM options with ${JVM_ARGS}, so an operator cannot override them: %s",
                    jvmOptions);
            docker.check(
                    jvmOptions.stream().noneMatch(option -> option.startsWith("-Xmx")),
                    "ENTRYPOINT bounds the heap with -Xmx: in a container it is a share of its memory (MaxRAMPercentage)");
            Optional<String> maxRam = jvmOptions.stream()
                    .filter(option -> option.startsWith("-XX:MaxRAMPercentage="))
                    .map(option -> option.substring("-XX:MaxRAMPercentage=".length()))
                    .findFirst();
            docker.check(maxRam.isPresent(), "ENTRYPOINT does not size the heap with -XX:MaxRAMPercentage");
            maxRam.map(value -> value.replaceAll("^\\$\\{?(\\w+)}?$", "$1"))
                    .filter(variable -> !variable.equals(maxRam.get()))
                    .ifPresent(variable -> docker.check(
                            "70.0".equals(env.get(variable)) || "70".equals(env.get(variable)),
                            "-XX:MaxRAMPercentage=%s is not 70 by default (ENV %s=%s)",
                            maxRam.get(),
                            variable,
                            env.get(variable)));
            maxRam.filter(value -> !value.startsWith("$"))
                    .ifPresent(value -> docker.check(
                            value.equals("70") || value.equals("70.0"), "-XX:MaxRAMPercentage=%s is not 70", value));
            if (jarAt >= 0) {
                checkPortOption(docker, "ENTRYPOINT", command.subList(jarAt, command.size()));
            }
            for (String cmd : arguments(instructions, "CMD")) {
                execForm(cmd).ifPresent(arguments -> checkPortOption(docker, "CMD", arguments));
            }
        }
        docker.check("2".equals(env.get("MALLOC_ARENA_MAX")), "does not set ENV MALLOC_ARENA_MAX=2");

        List<String> exposed = new ArrayList<>();
        arguments(instructions, "EXPOSE").forEach(line -> exposed.addAll(splitWords(line)));
        docker.check(
                exposed.contains(String.valueOf(HTTP_PORT)) || exposed.contains(HTTP_PORT + "/tcp"),
                "does not EXPOSE %d",
                HTTP_PORT);

        List<String> healthchecks = arguments(instructions, "HEALTHCHECK");
        String healthcheck = healthchecks.isEmpty() ? "" : healthchecks.get(healthchecks.size() - 1);
        docker.check(healthcheck.contains(" CMD ") || healthcheck.startsWith("CMD "), "has no HEALTHCHECK command");
        docker.check(
                healthcheck.contains("/health/ready") && healthcheck.contains(String.valueOf(HTTP_PORT)),
                "HEALTHCHECK does not ask /health/ready on port %d",
                HTTP_PORT);

        String dataDir = env.getOrDefault("PLUGIN_DATA_DIR", "");
        docker.check(dataDir.startsWith("/"), "does not set ENV PLUGIN_DATA_DIR to an absolute path");
        List<String> volumes = new ArrayList<>();
        arguments(instructions, "VOLUME")
                .forEach(line -> volumes.addAll(execForm(line).orElseGet(() -> splitWords(line))));
        docker.check(volumes.contains(dataDir), "has no VOLUME at PLUGIN_DATA_DIR %s (VOLUME %s)", dataDir, volumes);
    }

    /** The instructions as [KEYWORD, arguments]: continuation lines joined, comment lines left out. */
    private static List<String[]> dockerInstructions(String text) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String[] parts = pending.toString().strip().split("\\s+", 2);
            pending.setLength(0);
            instructions.add(new String[] {parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""});
        }
        return instructions;
    }

    private static List<String> arguments(List<String[]> instructions, String keyword) {
        return instructions.stream()
                .filter(instruction -> instruction[0].equals(keyword))
                .map(instruction -> instruction[1])
                .toList();
    }

    /** An instruction's JSON array of strings, if it is one. */
    private static Optional<List<String>> execForm(String arguments) {
        if (!arguments.strip().startsWith("[")) {
            return Optional.empty();
        }
        try {
            JsonArray array = Json.createReader(new StringReader(arguments)).readArray();
            if (array.stream().anyMatch(value -> value.getValueType() != JsonValue.ValueType.STRING)) {
                return Optional.empty();
            }
            return Optional.of(array.getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList());
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    /** ENV key=value pairs (values may be double-quoted), or the old form ENV key value. */
    private static Map<String, String> dockerEnv(String line) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> words = splitWords(line);
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            int space = line.strip().indexOf(' ');
            env.put(
                    words.get(0),
                    space < 0 ? "" : line.strip().substring(space + 1).strip());
            return env;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                env.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return env;
    }

    // --- Kubernetes ------------------------------------------------------------------------------------------------

    private void checkEmbeddedManifest(Problems problems) {
        Path file = recipe("k8s-embedded.yaml");
        Problems manifest = problems.about(file.getFileName().toString());
        List<HasMetadata> objects = kubernetesObjects(file, manifest);
        Workload workload = workload(objects, manifest);
        if (workload == null) {
            return;
        }
        manifest.check(
                Objects.equals(workload.replicas, 1),
                "runs %s replicas: the embedded database and broker allow exactly one",
                workload.replicas);
        if (workload.object instanceof Deployment deployment) {
            String strategy = deployment.getSpec().getStrategy() == null
                    ? "RollingUpdate"
                    : deployment.getSpec().getStrategy().getType();
            manifest.check(
                    "Recreate".equals(strategy),
                    "updates with strategy %s: the old pod must stop before the new one opens the data (Recreate)",
                    strategy);
        }
        Container container = checkPod(workload, objects, manifest);
        if (container == null) {
            return;
        }
        Map<String, EnvVar> env = environment(container);
        manifest.check(
                !"postgresql".equalsIgnoreCase(value(env, "PLUGIN_DB")),
                "sets PLUGIN_DB=postgresql: the embedded recipe keeps the H2 file on its volume");
        manifest.check(
                !"REMOTE".equalsIgnoreCase(value(env, "PLUGIN_BROKER")),
                "sets PLUGIN_BROKER=REMOTE: the embedded recipe keeps the broker in the pod");

        String dataDir = value(env, "PLUGIN_DATA_DIR");
        if (dataDir == null) {
            dataDir = dockerDataDir();
        }
        String dataDirFinal = dataDir;
        Optional<VolumeMount> mount = container.getVolumeMounts().stream()
                .filter(m -> Objects.equals(m.getMountPath(), dataDirFinal))
                .findFirst();
        manifest.check(mount.isPresent(), "mounts no volume at PLUGIN_DATA_DIR %s", dataDir);
        mount.ifPresent(m -> manifest.check(
                persistentVolume(m.getName(), workload, objects),
                "the volume %s at PLUGIN_DATA_DIR is no PersistentVolumeClaim of this file",
                m.getName()));
    }

    private void checkClusterManifest(Problems problems) {
        Path file = recipe("k8s-cluster.yaml");
        Problems manifest = problems.about(file.getFileName().toString());
        List<HasMetadata> objects = kubernetesObjects(file, manifest);
        Workload workload = workload(objects, manifest);
        if (workload == null) {
            return;
        }
        manifest.check(
                workload.replicas != null && workload.replicas > 1,
                "runs %s replicas: the cluster recipe runs several",
                workload.replicas);
        Container container = checkPod(workload, objects, manifest);
        if (container == null) {
            return;
        }
        Map<String, EnvVar> env = environment(container);
        manifest.check(
                "postgresql".equals(value(env, "PLUGIN_DB")),
                "does not set PLUGIN_DB=postgresql: several instances share one PostgreSQL database");
        manifest.check(
                value(env, "PLUGIN_DB_HOST") != null
                        && !value(env, "PLUGIN_DB_HOST").isBlank(),
                "does not set PLUGIN_DB_HOST");
        manifest.check(
                "REMOTE".equals(value(env, "PLUGIN_BROKER")),
                "does not set PLUGIN_BROKER=REMOTE (upper case, as OpenMQ's broker type): several instances share one"
                        + " broker of its own");
        manifest.check(
                value(env, "PLUGIN_BROKER_ADDRESSES") != null
                        && !value(env, "PLUGIN_BROKER_ADDRESSES").isBlank(),
                "does not set PLUGIN_BROKER_ADDRESSES");
        for (String secret :
                List.of("PLUGIN_DB_PASSWORD", "PLUGIN_BROKER_PASSWORD", "PLUGIN_SECRETS_KEY", "PLUGIN_ADMIN_TOKEN")) {
            manifest.check(secretKey(env.get(secret)) != null, "does not take %s from a Secret (secretKeyRef)", secret);
        }

        PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class, manifest);
        if (budget != null) {
            Map<String, String> labels = podLabels(workload);
            Map<String, String> selector = budget.getSpec().getSelector() == null
                    ? Map.of()
                    : budget.getSpec().getSelector().getMatchLabels();
            manifest.check(
                    !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet()),
                    "the PodDisruptionBudget selects %s, not the pods %s",
                    selector,
                    labels);
            IntOrString minAvailable = budget.getSpec().getMinAvailable();
            manifest.check(
                    minAvailable != null || budget.getSpec().getMaxUnavailable() != null,
                    "the PodDisruptionBudget sets neither minAvailable nor maxUnavailable");
            if (minAvailable != null && minAvailable.getIntVal() != null && workload.replicas != null) {
                manifest.check(
                        minAvailable.getIntVal() < workload.replicas,
                        "the PodDisruptionBudget's minAvailable %d leaves no pod to evict of %d",
                        minAvailable.getIntVal(),
                        workload.replicas);
            }
        }
    }

    /** The pod's checks shared by both manifests; its plugin container, or null if there is none to check. */
    private Container checkPod(Workload workload, List<HasMetadata> objects, Problems manifest) {
        PodSpec pod = workload.template.getSpec();
        if (pod == null || pod.getContainers().isEmpty()) {
            manifest.add("has no container");
            return null;
        }
        Optional<Container> named = pod.getContainers().stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst();
        manifest.check(named.isPresent(), "has no container named %s", name);
        Container container = named.orElse(pod.getContainers().get(0));
        String image = Objects.requireNonNullElse(container.getImage(), "");
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        manifest.check(
                repository.equals(name) || repository.endsWith("/" + name),
                "runs the image %s, not one named %s",
                image,
                name);
        manifest.check(
                name.equals(workload.object.getMetadata().getName()),
                "names its %s %s, not %s",
                workload.object.getKind(),
                workload.object.getMetadata().getName(),
                name);
        manifest.check(
                container.getPorts().stream().anyMatch(p -> Objects.equals(p.getContainerPort(), HTTP_PORT)),
                "the container does not declare port %d",
                HTTP_PORT);
        if (container.getArgs() != null) {
            checkPortOption(manifest, "args", container.getArgs());
        }
        checkProbe(manifest, container, "startupProbe", container.getStartupProbe(), "/health/started");
        checkProbe(manifest, container, "readinessProbe", container.getReadinessProbe(), "/health/ready");
        checkProbe(manifest, container, "livenessProbe", container.getLivenessProbe(), "/health/live");

        // Kubernetes refuses to start the container as root only with runAsNonRoot; a user id alone may be overridden.
        PodSecurityContext podSecurity = pod.getSecurityContext();
        SecurityContext containerSecurity = container.getSecurityContext();
        boolean nonRoot = (podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()))
                || (containerSecurity != null && Boolean.TRUE.equals(containerSecurity.getRunAsNonRoot()));
        boolean rootUser = (podSecurity != null && Long.valueOf(0).equals(podSecurity.getRunAsUser()))
                || (containerSecurity != null && Long.valueOf(0).equals(containerSecurity.getRunAsUser()));
        manifest.check(nonRoot && !rootUser, "does not keep the pod from running as root (runAsNonRoot: true)");

        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> requests = resources == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null ? Map.of() : resources.getLimits();
        manifest.check(
                requests.containsKey("memory") && requests.containsKey("cpu"),
                "requests no cpu and memory (resources.requests)");
        manifest.check(limits.containsKey("memory"), "sets no memory limit (resources.limits.memory)");

        long preStop = preStopSeconds(container);
        Duration needed = stopTime().plusSeconds(preStop);
        Long grace = pod.getTerminationGracePeriodSeconds();
        manifest.check(
                grace != null && grace > needed.toSeconds(),
                "terminationGracePeriodSeconds (%s) is not longer than the stop, %d s (preStop %d s,"
                        + " plugin.shutdown.grace and 5 s)",
                grace,
                needed.toSeconds(),
                preStop);
        if (workload.replicas != null && workload.replicas > 1) {
            manifest.check(
                    preStop > 0,
                    "has no preStop pause: the Service would still send to a pod that answers 503 (lifecycle.preStop"
                            + " sleep)");
        }

        Map<String, String> labels = podLabels(workload);
        List<Service> services = objects.stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .toList();
        manifest.check(services.size() == 1, "has %d Services, not one", services.size());
        for (Service service : services) {
            Map<String, String> selector = service.getSpec().getSelector();
            manifest.check(
                    selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet()),
                    "the Service selects %s, not the pods %s",
                    selector,
                    labels);
            manifest.check(
                    service.getSpec().getPorts().stream()
                            .map(ServicePort::getTargetPort)
                            .anyMatch(target -> resolvesTo(target, container, HTTP_PORT)),
                    "the Service sends to no port %d of the pods",
                    HTTP_PORT);
            manifest.check(
                    name.equals(service.getMetadata().getName()),
                    "names its Service %s, not %s",
                    service.getMetadata().getName(),
                    name);
        }

        checkSecretReferences(manifest, container);
        return container;
    }

    private void checkProbe(Problems manifest, Container container, String kind, Probe probe, String path) {
        if (probe == null || probe.getHttpGet() == null) {
            manifest.add("has no %s (httpGet %s)", kind, path);
            return;
        }
        manifest.check(
                path.equals(probe.getHttpGet().getPath()),
                "the %s asks %s, not %s",
                kind,
                probe.getHttpGet().getPath(),
                path);
        manifest.check(
                resolvesTo(probe.getHttpGet().getPort(), container, HTTP_PORT),
                "the %s asks port %s, not %d",
                kind,
                probe.getHttpGet().getPort() == null
                        ? null
                        : probe.getHttpGet().getPort().getValue(),
                HTTP_PORT);
    }

    /** A port given by number or by the name of one of the container's ports. */
    private static boolean resolvesTo(IntOrString port, Container container, int number) {
        if (port == null) {
            return false;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal() == number;
        }
        return container.getPorts().stream()
                .filter(p -> Objects.equals(p.getName(), port.getStrVal()))
                .map(ContainerPort::getContainerPort)
                .anyMatch(p -> Objects.equals(p, number));
    }

    /** The seconds a preStop hook waits: a sleep action, or a command {@code sleep N}. */
    private static long preStopSeconds(Container container) {
        if (container.getLifecycle() == null || container.getLifecycle().getPreStop() == null) {
            return 0;
        }
        LifecycleHandler preStop = container.getLifecycle().getPreStop();
        if (preStop.getSleep() != null && preStop.getSleep().getSeconds() != null) {
            return preStop.getSleep().getSeconds();
        }
        if (preStop.getExec() != null && preStop.getExec().getCommand() != null) {
            List<String> command = preStop.getExec().getCommand();
            List<String> words =
                    command.size() == 3 && command.get(1).equals("-c") ? splitWords(command.get(2)) : command;
            if (words.size() == 2
                    && words.get(0).endsWith("sleep")
                    && words.get(1).matches("\\d+")) {
                return Long.parseLong(words.get(1));
            }
        }
        return 0;
    }

    /**
     * Every Secret key the container reads is in the Secret of k8s-secret.yaml, and a key named after a property feeds
     * that property's variable.
     */
    private void checkSecretReferences(Problems manifest, Container container) {
        List<EnvVar> fromSecrets =
                container.getEnv().stream().filter(e -> secretKey(e) != null).toList();
        if (fromSecrets.isEmpty()) {
            return;
        }
        Path file = recipe("k8s-secret.yaml");
        List<HasMetadata> objects =
                kubernetesObjects(file, manifest.about(file.getFileName().toString()));
        Map<String, Set<String>> keysBySecret = new TreeMap<>();
        objects.stream()
                .filter(Secret.class::isInstance)
                .map(Secret.class::cast)
                .forEach(secret -> {
                    Set<String> keys = new TreeSet<>();
                    if (secret.getData() != null) {
                        keys.addAll(secret.getData().keySet());
                    }
                    if (secret.getStringData() != null) {
                        keys.addAll(secret.getStringData().keySet());
                    }
                    keysBySecret.put(secret.getMetadata().getName(), keys);
                });
        for (EnvVar env : fromSecrets) {
            SecretKeySelector key = secretKey(env);
            manifest.check(
                    keysBySecret.getOrDefault(key.getName(), Set.of()).contains(key.getKey()),
                    "%s reads the key %s of the Secret %s, which k8s-secret.yaml does not have",
                    env.getName(),
                    key.getKey(),
                    key.getName());
            if (key.getKey().startsWith("plugin.")) {
                manifest.check(
                        environmentName(key.getKey()).equals(env.getName()),
                        "%s reads the Secret key %s, the value of another property",
                        env.getName(),
                        key.getKey());
            }
        }
    }

    private static SecretKeySelector secretKey(EnvVar env) {
        return env == null || env.getValueFrom() == null
                ? null
                : env.getValueFrom().getSecretKeyRef();
    }

    private static Map<String, EnvVar> environment(Container container) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e));
        return env;
    }

    private static String value(Map<String, EnvVar> env, String name) {
        EnvVar var = env.get(name);
        return var == null ? null : var.getValue();
    }

    private boolean persistentVolume(String volumeName, Workload workload, List<HasMetadata> objects) {
        if (workload.object instanceof StatefulSet set
                && set.getSpec().getVolumeClaimTemplates().stream()
                        .anyMatch(claim -> volumeName.equals(claim.getMetadata().getName()))) {
            return true;
        }
        Set<String> claims = new TreeSet<>();
        objects.stream()
                .filter(PersistentVolumeClaim.class::isInstance)
                .forEach(claim -> claims.add(claim.getMetadata().getName()));
        return workload.template.getSpec().getVolumes().stream()
                .filter(volume -> volumeName.equals(volume.getName()))
                .map(Volume::getPersistentVolumeClaim)
                .filter(Objects::nonNull)
                .anyMatch(claim -> claims.contains(claim.getClaimName()));
    }

    private String dockerDataDir() {
        Map<String, String> env = new LinkedHashMap<>();
        arguments(dockerInstructions(read(recipe("Dockerfile"))), "ENV").forEach(line -> env.putAll(dockerEnv(line)));
        return env.get("PLUGIN_DATA_DIR");
    }

    private static Map<String, String> podLabels(Workload workload) {
        return workload.template.getMetadata() == null
                        || workload.template.getMetadata().getLabels() == null
                ? Map.of()
                : workload.template.getMetadata().getLabels();
    }

    /** The one Deployment or StatefulSet of a manifest. */
    private static Workload workload(List<HasMetadata> objects, Problems manifest) {
        List<HasMetadata> workloads = objects.stream()
                .filter(o -> o instanceof Deployment || o instanceof StatefulSet)
                .toList();
        if (workloads.size() != 1) {
            manifest.add("has %d Deployments or StatefulSets, not one", workloads.size());
            return null;
        }
        HasMetadata object = workloads.get(0);
        if (object instanceof Deployment deployment && deployment.getSpec() != null) {
            return new Workload(
                    object,
                    deployment.getSpec().getReplicas(),
                    deployment.getSpec().getTemplate());
        }
        if (object instanceof StatefulSet set && set.getSpec() != null) {
            return new Workload(
                    object, set.getSpec().getReplicas(), set.getSpec().getTemplate());
        }
        manifest.add("its %s has no spec", object.getKind());
        return null;
    }

    private record Workload(HasMetadata object, Integer replicas, PodTemplateSpec template) {
        Workload {
            // Kubernetes' default.
            replicas = replicas == null ? Integer.valueOf(1) : replicas;
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> kind, Problems manifest) {
        List<T> found =
                objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        if (found.size() != 1) {
            manifest.add("has %d %ss, not one", found.size(), kind.getSimpleName());
            return null;
        }
        return found.get(0);
    }

    /** The model's reader, made once: it looks up every resource type on the class path. */
    private static final class Kubernetes {
        static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    }

    /** The objects of a YAML file of one or more documents; a field the model does not know is a problem. */
    private static List<HasMetadata> kubernetesObjects(Path file, Problems manifest) {
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = Kubernetes.SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manifest.add("cannot be read as Kubernetes objects: %s", e.getMessage());
            return List.of();
        }
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        List<HasMetadata> objects = new ArrayList<>();
        for (Object document : documents) {
            if (!(document instanceof HasMetadata object)) {
                manifest.add("holds a document that is no known Kubernetes object: %s", document);
                continue;
            }
            if (object.getClass().getSimpleName().startsWith("Generic")) {
                manifest.add(
                        "holds a %s %s the Kubernetes model does not know", object.getApiVersion(), object.getKind());
            }
            unknownFields(object, object.getKind() + " " + object.getMetadata().getName(), manifest);
            objects.add(object);
        }
        return objects;
    }

    /** Fields read into a model object's additionalProperties: a misspelt or misplaced field. */
    private static void unknownFields(Object node, String path, Problems manifest) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + index++ + "]", manifest);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, manifest));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    manifest.add("%s has fields Kubernetes does not know: %s", path, extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            unknownFields(value, path + "." + field, manifest);
        }
    }

    // --- shared ----------------------------------------------------------------------------------------------------

    /** The JVM options every recipe keeps from the run command. */
    private static void requireJvmOptions(Problems problems, String where, List<String> options) {
        for (String option : JVM_OPTIONS) {
            problems.check(options.contains(option), "%s lacks the JVM option %s", where, option);
        }
    }

    /** A --port given to the plugin is 8080, the port every recipe probes. */
    private static void checkPortOption(Problems problems, String where, List<String> arguments) {
        int portAt = arguments.indexOf("--port");
        if (portAt >= 0) {
            problems.check(
                    arguments.size() > portAt + 1 && arguments.get(portAt + 1).equals(String.valueOf(HTTP_PORT)),
                    "%s gives the plugin another port than %d: %s",
                    where,
                    HTTP_PORT,
                    arguments);
        }
    }

    /** Words split at white space, double and single quotes grouping (quotes removed). */
    private static List<String> splitWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private Path recipe(String fileName) {
        Path file = folder.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The deployment recipe " + file + " is missing");
        }
        return file;
    }

    private List<Path> recipeFiles() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /** Problems found, each prefixed with the recipe it is about; thrown together. */
    private final class Problems {
        private final List<String> found;
        private final String prefix;

        Problems() {
            this(new ArrayList<>(), "");
        }

        private Problems(List<String> found, String prefix) {
            this.found = found;
            this.prefix = prefix;
        }

        Problems about(String recipe) {
            return new Problems(found, recipe + " ");
        }

        void check(boolean holds, String problem, Object... arguments) {
            if (!holds) {
                add(problem, arguments);
            }
        }

        void add(String problem, Object... arguments) {
            found.add(prefix + String.format(problem, arguments));
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new AssertionError("The deployment recipes in " + folder + " for " + name + " have "
                        + found.size() + " problem(s):\n- " + String.join("\n- ", found));
            }
        }
    }
}
