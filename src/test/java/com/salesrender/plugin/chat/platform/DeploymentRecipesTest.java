package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.DeploymentRecipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service recipes of docs/deploy (systemd, Docker, Kubernetes) hold to the plugin's ports, health routes,
 * properties and stop, checked offline by the test kit's {@link DeploymentRecipes}; each check is also shown to fail on
 * a recipe broken in one place.
 */
class DeploymentRecipesTest {

    private static final Path RECIPES = Path.of("docs/deploy");
    private static final Path DOCUMENTATION = Path.of("docs/configuration.md");

    @Test
    void theRecipesHoldToThePlugin() {
        recipes(RECIPES).checkAll();
    }

    /** One change in one recipe, and the problem the checks must report for it. */
    static Stream<Arguments> brokenRecipes() {
        return Stream.of(
                // Names: no invented variable or property anywhere, comments included.
                broken("k8s-cluster.yaml", "name: PLUGIN_DB_HOST", "name: PLUGIN_DB_HOSTNAME", "PLUGIN_DB_HOSTNAME"),
                broken("chat-plugin.env", "#PLUGIN_DB_PORT=5432", "#PLUGIN_DB_PORTS=5432", "PLUGIN_DB_PORTS"),
                broken(
                        "chat-plugin.service",
                        "within plugin.shutdown.grace",
                        "within plugin.stop.grace",
                        "plugin.stop.grace, which is no documented property"),
                // systemd.
                broken(
                        "chat-plugin.service",
                        "Restart=on-failure",
                        "Restart=on-failure\nRestartSecs=10",
                        "Unknown key"),
                broken("chat-plugin.service", "User=chat-plugin", "User=root", "runs as root"),
                broken("chat-plugin.service", "TimeoutStopSec=60", "TimeoutStopSec=20", "TimeoutStopSec (20)"),
                broken("chat-plugin.service", "TimeoutStopSec=60", "TimeoutStopSec=25s", "TimeoutStopSec (25s)"),
                broken("chat-plugin.service", "SuccessExitStatus=143", "SuccessExitStatus=0", "143"),
                broken("chat-plugin.service", "KillSignal=SIGTERM", "KillSignal=SIGKILL", "KillSignal=SIGTERM"),
                broken("chat-plugin.service", "Restart=on-failure", "Restart=no", "Restart=on-failure"),
                broken(
                        "chat-plugin.service",
                        "Environment=PLUGIN_DATA_DIR=/var/lib/chat-plugin",
                        "Environment=PLUGIN_DATA_DIR=/srv/chat-plugin",
                        "PLUGIN_DATA_DIR (/srv/chat-plugin) is not its StateDirectory"),
                broken(
                        "chat-plugin.service",
                        "WorkingDirectory=/var/lib/chat-plugin",
                        "WorkingDirectory=/opt/chat-plugin",
                        "WorkingDirectory is not the data folder"),
                broken("chat-plugin.service", "Environment=MALLOC_ARENA_MAX=2", "", "MALLOC_ARENA_MAX=2"),
                broken("chat-plugin.service", " -XX:+UseSerialGC", "", "lacks the JVM option -XX:+UseSerialGC"),
                broken("chat-plugin.service", "-Xmx512m", "-Xmx2g", "-Xmx512m"),
                broken("chat-plugin.service", "-jar /opt/chat-plugin/chat-plugin.jar", "-jar /opt/chat.jar", "-jar"),
                broken("chat-plugin.service", "--port 8080", "--port 9090", "another port than 8080"),
                broken("chat-plugin.service", " --secretsdir ${CREDENTIALS_DIRECTORY}", "", "--secretsdir"),
                broken("chat-plugin.service", "EnvironmentFile=", "#EnvironmentFile=", "EnvironmentFile"),
                // Dockerfile.
                broken("Dockerfile", "USER payara", "USER root", "runs as root"),
                broken("Dockerfile", "USER payara\n", "", "runs as root"),
                broken("Dockerfile", "FROM eclipse-temurin:17-jre", "FROM eclipse-temurin:21-jre", "JDK 17"),
                broken(
                        "Dockerfile",
                        "ENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java",
                        "ENTRYPOINT [\"/bin/sh\", \"-c\", \"java",
                        "does not exec java"),
                broken(
                        "Dockerfile",
                        "ENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java",
                        "ENTRYPOINT java",
                        "ENTRYPOINT is not in exec form"),
                broken("Dockerfile", "-XX:MaxRAMPercentage=${MEM_MAX_RAM_PERCENTAGE}", "-Xmx512m", "MaxRAMPercentage"),
                broken("Dockerfile", "-XX:MaxRAMPercentage=${MEM_MAX_RAM_PERCENTAGE}", "-Xmx512m", "-Xmx"),
                broken("Dockerfile", " ${JVM_ARGS} -jar", " -jar", "${JVM_ARGS}"),
                broken(
                        "Dockerfile",
                        "-Xms64m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=96m -XX:MaxMetaspaceSize=320m ${JVM_ARGS}",
                        "-Xms64m ${JVM_ARGS} -XX:+UseSerialGC -XX:ReservedCodeCacheSize=96m -XX:MaxMetaspaceSize=320m",
                        "cannot override"),
                broken("Dockerfile", "MEM_MAX_RAM_PERCENTAGE=\"70.0\"", "MEM_MAX_RAM_PERCENTAGE=\"95\"", "not 70"),
                broken("Dockerfile", "MALLOC_ARENA_MAX=\"2\"", "MALLOC_ARENA_MAX=\"8\"", "MALLOC_ARENA_MAX=2"),
                broken("Dockerfile", "GET /health/ready", "GET /health/live", "HEALTHCHECK does not ask /health/ready"),
                broken("Dockerfile", "EXPOSE 8080", "EXPOSE 8181", "EXPOSE 8080"),
                broken("Dockerfile", "VOLUME [\"/opt/payara/data\"]", "VOLUME [\"/data\"]", "no VOLUME at"),
                broken("Dockerfile", "COPY target/chat-plugin.jar", "COPY target/plugin.jar", "does not COPY"),
                broken("Dockerfile", "CMD [\"--port\", \"8080\"]", "CMD --port 8080", "CMD is not in exec form"),
                // Embedded manifest.
                broken("k8s-embedded.yaml", "replicas: 1", "replicas: 2", "runs 2 replicas"),
                broken("k8s-embedded.yaml", "type: Recreate", "type: RollingUpdate", "Recreate"),
                broken("k8s-embedded.yaml", "mountPath: /opt/payara/data", "mountPath: /data", "PLUGIN_DATA_DIR"),
                broken("k8s-embedded.yaml", "claimName: chat-plugin-data", "claimName: other", "PersistentVolumeClaim"),
                broken("k8s-embedded.yaml", "path: /health/ready", "path: /health", "readinessProbe asks /health"),
                broken("k8s-embedded.yaml", "path: /health/started", "path: /health/ready", "startupProbe asks"),
                broken(
                        "k8s-embedded.yaml",
                        "value: https://chat-plugin.example.com/",
                        "value: x\n" + "            - name: PLUGIN_DB\n              value: postgresql",
                        "PLUGIN_DB=postgresql"),
                broken("k8s-embedded.yaml", "runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot"),
                broken("k8s-cluster.yaml", "runAsUser: 1000", "runAsUser: 0", "runAsNonRoot"),
                broken("k8s-embedded.yaml", "  startupProbe:", "  startupProbes:", "fields Kubernetes does not know"),
                broken("k8s-embedded.yaml", "image: registry.example.com/chat-plugin:", "image: other:", "the image"),
                // Cluster manifest.
                broken("k8s-cluster.yaml", "replicas: 2", "replicas: 1", "runs 1 replicas"),
                broken("k8s-cluster.yaml", "value: REMOTE", "value: EMBEDDED", "PLUGIN_BROKER=REMOTE"),
                broken("k8s-cluster.yaml", "value: REMOTE", "value: remote", "PLUGIN_BROKER=REMOTE"),
                broken("k8s-cluster.yaml", "value: postgresql\n", "value: h2\n", "PLUGIN_DB=postgresql"),
                broken("k8s-cluster.yaml", "key: plugin.db.password", "key: plugin.db.pass", "plugin.db.pass"),
                broken(
                        "k8s-cluster.yaml",
                        "key: plugin.secrets.key",
                        "key: plugin.admin.token",
                        "PLUGIN_SECRETS_KEY reads the Secret key plugin.admin.token"),
                broken("k8s-secret.yaml", "  plugin.broker.password:", "  plugin.broker.pw:", "plugin.broker.pw"),
                broken(
                        "k8s-cluster.yaml",
                        "terminationGracePeriodSeconds: 60",
                        "terminationGracePeriodSeconds: 30",
                        "terminationGracePeriodSeconds (30)"),
                broken("k8s-cluster.yaml", "command: [\"sleep\", \"10\"]", "command: [\"true\"]", "no preStop pause"),
                broken(
                        "k8s-cluster.yaml",
                        "port: 8080\n            periodSeconds: 10",
                        "port: 8081\n" + "            periodSeconds: 10",
                        "livenessProbe asks port 8081"),
                broken("k8s-cluster.yaml", "  minAvailable: 1", "  minAvailable: 2", "minAvailable 2"),
                broken(
                        "k8s-cluster.yaml",
                        "  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: chat-plugin",
                        "  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: other",
                        "the PodDisruptionBudget selects"),
                broken("k8s-cluster.yaml", "kind: PodDisruptionBudget", "kind: ConfigMap", "PodDisruptionBudget"),
                broken("k8s-cluster.yaml", "      targetPort: 8080", "      targetPort: 80", "the Service sends to"),
                broken("k8s-cluster.yaml", "              memory: 1Gi\n", "", "memory limit"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("brokenRecipes")
    void aRecipeBrokenInOnePlaceIsReported(String file, String from, String to, String expected, @TempDir Path work)
            throws IOException {
        copyRecipes(work);
        Path recipe = work.resolve(file);
        String text = Files.readString(recipe);
        // Each change must hit exactly one place, so a case that no longer breaks anything fails instead of passing.
        assertEquals(1, occurrences(text, from), () -> file + " does not hold exactly one " + from);
        Files.writeString(recipe, text.replace(from, to));

        AssertionError reported =
                assertThrows(AssertionError.class, () -> recipes(work).checkAll());
        assertTrue(
                reported.getMessage().contains(expected),
                () -> "Expected a problem naming " + expected + ", got: " + reported.getMessage());
    }

    @Test
    void aMissingRecipeIsReported(@TempDir Path work) throws IOException {
        copyRecipes(work);
        Files.delete(work.resolve("k8s-secret.yaml"));
        AssertionError reported =
                assertThrows(AssertionError.class, () -> recipes(work).checkClusterManifest());
        assertTrue(reported.getMessage().contains("k8s-secret.yaml is missing"), reported::getMessage);
    }

    @Test
    void anotherPluginsNameIsReported() {
        AssertionError reported = assertThrows(
                AssertionError.class,
                () -> DeploymentRecipes.of(RECIPES, "acme-chat")
                        .documentedIn(DOCUMENTATION)
                        .checkDockerfile());
        assertTrue(reported.getMessage().contains("does not COPY target/acme-chat.jar"), reported::getMessage);
    }

    @Test
    void aNameThatIsNoDnsLabelIsRefused() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> DeploymentRecipes.of(RECIPES, "Chat_Plugin"));
        assertTrue(refused.getMessage().contains("Chat_Plugin"), refused::getMessage);
    }

    private static DeploymentRecipes recipes(Path folder) {
        return DeploymentRecipes.of(folder, "chat-plugin").documentedIn(DOCUMENTATION);
    }

    private static Arguments broken(String file, String from, String to, String expected) {
        return Arguments.of(file, from, to, expected);
    }

    private static void copyRecipes(Path work) throws IOException {
        try (Stream<Path> files = Files.list(RECIPES)) {
            for (Path file : files.toList()) {
                Files.copy(file, work.resolve(file.getFileName()));
            }
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
