package ${package};

import com.salesrender.plugin.chat.testkit.DeploymentRecipes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service recipes in deploy/ (systemd, Docker, Kubernetes) still run this plugin: its jar, the plugin's port and
 * health routes, properties the core documents or this plugin has, a stop longer than plugin.shutdown.grace, one
 * instance where the data is embedded. Offline; the systemd unit is checked with systemd-analyze (package systemd).
 */
class DeploymentRecipesTest {

    @Test
    void theRecipesRunThisPlugin() {
        DeploymentRecipes.of(Path.of("deploy"), "${artifactId}")
                .withPropertiesOf(Path.of("src/main/resources/META-INF/microprofile-config.properties"))
                .checkAll();
    }
}
