package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * How {@link MetricNames} finds the metric names the alerting rules, the dashboard and the guide use (MetricsCatalogIT
 * checks them against a running plugin), and its refusals of files it cannot read.
 */
class MetricNamesTest {

    @Test
    void aQueryNamesItsMetricsNotItsLabelValuesNorOtherNames() {
        assertEquals(
                Set.of("chat_sender_milliseconds_bucket", "chat_tasks_stuck"),
                MetricNames.inQuery("histogram_quantile(0.99, sum by (le) (rate(chat_sender_milliseconds_bucket"
                        + "{instance=~\"$instance\"}[5m]))) + max(chat_tasks_stuck{queue=\"chat_send\"})"
                        + " + job:chat_recorded + up{job='chat_job'} + node_chat_x"));
    }

    @Test
    void rulesNameTheMetricsOfEveryExpression() {
        String rules = """
                groups:
                  - name: a
                    rules:
                      - alert: One
                        expr: |
                          sum by (instance) (rate(chat_messages_given_up_total[15m])) > 0
                        for: 1m
                  - name: b
                    rules:
                      - record: instance:chat_send_tasks:max
                        expr: max without (instance) (chat_send_tasks{state="FAILED"})
                """;
        assertEquals(Set.of("chat_messages_given_up_total", "chat_send_tasks"), MetricNames.inRules(rules));
    }

    @Test
    void rulesThatCannotBeReadAreRefused() {
        assertMessage("not YAML", () -> MetricNames.inRules("groups: [a: b: c"));
        assertMessage("groups", () -> MetricNames.inRules("rules: []"));
        assertMessage("rules of group 0", () -> MetricNames.inRules("groups: [{name: a}]"));
        assertMessage(
                "Rule 0 of group 0 has no expr",
                () -> MetricNames.inRules("groups: [{name: a, rules: [{alert: A, for: 1m}]}]"));
    }

    @Test
    void aDashboardNamesTheMetricsOfItsPanelsRowsAndVariables() {
        String dashboard = """
                {"panels": [
                  {"type": "row", "panels": [{"targets": [{"expr": "chat_broker_up{queue=\\"chat_send\\"}"}]}]},
                  {"type": "timeseries", "title": "chat_not_a_query", "targets": [
                    {"expr": "sum(rate(chat_messages_sent_total[$__rate_interval]))"}, {"refId": "B"}]}],
                 "templating": {"list": [
                   {"type": "datasource", "query": "prometheus"},
                   {"type": "query", "definition": "label_values(chat_messages_accepted_total, instance)",
                    "query": {"query": "label_values(chat_plugin_ready, instance)"}}]}}
                """;
        assertEquals(
                Set.of(
                        "chat_broker_up",
                        "chat_messages_sent_total",
                        "chat_messages_accepted_total",
                        "chat_plugin_ready"),
                MetricNames.inDashboard(dashboard));
    }

    @Test
    void aDashboardThatCannotBeReadIsRefused() {
        assertMessage("not a JSON object", () -> MetricNames.inDashboard("[]"));
        assertMessage("not a JSON object", () -> MetricNames.inDashboard("{\"panels\": "));
        assertMessage("no panels", () -> MetricNames.inDashboard("{\"title\": \"x\"}"));
        assertMessage("No panel", () -> MetricNames.inDashboard("{\"panels\": [{\"targets\": [{\"expr\": \"up\"}]}]}"));
    }

    @Test
    void theGuideNamesTheMetricsInTheFirstColumnOfItsSectionsTables() {
        String guide = """
                ## Stopping

                | `chat_elsewhere_total` | another section |

                ## Watching it: health, metrics

                | Series | What |
                |---|---|
                | `chat_send_tasks{state="QUEUED\\|RUNNING"}` | by state (`chat_send_task` rows) |
                | `chat_histogram_milliseconds` (`_count`, `_sum`) | a histogram |
                | `GET /metrics` | a route |

                ## Operating it
                """;
        assertEquals(
                Set.of("chat_send_tasks", "chat_histogram_milliseconds"), MetricNames.inGuide(guide, "Watching it"));
        assertMessage("no section", () -> MetricNames.inGuide(guide, "Alerting"));
    }

    @Test
    void aNameIsExposedAsItsOwnSeriesOrAsAHistogramFamily() {
        Set<String> exposed = Set.of(
                "chat_sender_milliseconds_bucket",
                "chat_sender_milliseconds_count",
                "chat_sender_milliseconds_sum",
                "chat_tasks_stuck");
        assertEquals(
                Set.of("chat_broker_up", "chat_crm_request_milliseconds_bucket"),
                MetricNames.missing(
                        Set.of(
                                "chat_sender_milliseconds",
                                "chat_sender_milliseconds_bucket",
                                "chat_tasks_stuck",
                                "chat_broker_up",
                                "chat_crm_request_milliseconds_bucket"),
                        exposed));
    }

    /** The real files: each names some metrics (which ones a running plugin has is MetricsCatalogIT's question). */
    @Test
    void theOperatorsFilesCanBeRead() throws IOException {
        assertTrue(MetricNames.inRules(Files.readString(Path.of("ops/prometheus/alerts.yml")))
                .contains("chat_plugin_ready"));
        assertTrue(MetricNames.inDashboard(Files.readString(Path.of("ops/grafana/chat-plugin.json")))
                .contains("chat_sender_milliseconds_bucket"));
        assertTrue(MetricNames.inGuide(Files.readString(Path.of("docs/operations.md")), "Watching it")
                .contains("chat_messages_accepted_total"));
    }

    private static void assertMessage(String part, Executable reading) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, reading);
        assertTrue(refused.getMessage().contains(part), refused.getMessage());
    }
}
