package com.salesrender.plugin.chat.platform;

import static com.salesrender.plugin.chat.testing.SendTasks.state;
import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Prometheus;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every metric the operators' files name is one a running plugin exposes on {@code /metrics}: the alerting rules
 * (ops/prometheus/alerts.yml), the Grafana dashboard (ops/grafana/chat-plugin.json) and the metrics table of
 * docs/operations.md ("Watching it"). A metric renamed or dropped in the code, or misspelt in a file, fails here.
 */
@PluginTest
@RunAsClient
@Tag("any-database") // the same run on either pass's database: in the H2 pass only
class MetricsCatalogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void everyMetricTheAlertsTheDashboardAndTheGuideNameIsExposed(
            PluginClient plugin, @Kit(registeredWith = "hpt") Company company) throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        named.put("ops/prometheus/alerts.yml", MetricNames.inRules(read("ops/prometheus/alerts.yml")));
        named.put("ops/grafana/chat-plugin.json", MetricNames.inDashboard(read("ops/grafana/chat-plugin.json")));
        named.put("docs/operations.md", MetricNames.inGuide(read("docs/operations.md"), "Watching it"));
        named.forEach((file, names) -> assertFalse(names.isEmpty(), file + " names no metric of the plugin"));

        // Series that appear on their first use (a histogram's buckets, a counter's label values) appear here: one
        // message through the sender, then the gateway's status of it and a customer's answer, each a request to the
        // CRM.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("m-catalog", "+15550300", "hello"))
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, "m-catalog"))), "m-catalog not DONE");
        assertEquals(202, gateway(plugin, company, "status", "{\"id\":\"m-catalog\",\"status\":\"delivered\"}"));
        assertEquals(
                202,
                gateway(
                        plugin,
                        company,
                        "incoming",
                        "{\"chat\":{\"id\":null,\"contact\":\"+15550300\",\"subject\":null},"
                                + "\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"},\"attachments\":[]}}"));
        assertTrue(
                crm.awaitCallback(company, c -> c.isStatus() && "m-catalog".equals(c.messageId()), WAIT)
                        .isPresent(),
                "no status of m-catalog reached the CRM");
        assertTrue(
                crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT).isPresent(),
                "no incoming message reached the CRM");

        // The request's outcome is counted once the CRM's answer is recorded, just after the CRM saw the request.
        eventually(WAIT, () -> missing(named, metrics(plugin)).isEmpty());
        Prometheus exposed = metrics(plugin);
        assertEquals(
                Map.of(), missing(named, exposed), () -> "Named but not on /metrics; the plugin's series:\n" + exposed);
    }

    /** By file, the names it uses that {@code exposed} lacks (files that lack none left out). */
    private static Map<String, Set<String>> missing(Map<String, Set<String>> named, Prometheus exposed) {
        Map<String, Set<String>> missing = new TreeMap<>();
        named.forEach((file, names) -> {
            Set<String> absent = MetricNames.missing(names, exposed.names());
            if (!absent.isEmpty()) {
                missing.put(file, absent);
            }
        });
        return missing;
    }

    private static Prometheus metrics(PluginClient plugin) {
        PluginClient.Answer answer = plugin.get("metrics");
        assertEquals(200, answer.status(), answer.body());
        return Prometheus.parse(answer.body());
    }

    /** A gateway's webhook call about the company's reference; answers its status. */
    private static int gateway(PluginClient plugin, Company company, String route, String body) {
        return plugin.exchange(
                        "POST",
                        "gateway/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId() + "/"
                                + route,
                        Map.of("Authorization", "Bearer test-gateway-token"),
                        body)
                .status();
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file));
    }
}
