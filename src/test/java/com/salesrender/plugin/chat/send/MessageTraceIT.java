package com.salesrender.plugin.chat.send;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.crm.CrmProbe;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCollector;
import com.salesrender.plugin.chat.testkit.FakeCollector.ExportedSpan;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.PluginWar;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * One trace per message, received as a collector receives it: a plugin with tracing on
 * ({@code otel.sdk.disabled=false}) exports over OTLP (http/protobuf) to the test's {@link FakeCollector}. One message
 * whose first attempt fails goes from the CRM through the queue to the sender twice, and the sender's {@code sent} goes
 * back to the CRM: every span of it is in the trace of the request that accepted it, each under the right parent. The
 * same plugin with tracing left off (the default), pointed at the same collector, exports nothing and stores no trace
 * context.
 */
class MessageTraceIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String MESSAGE = "chat.message.id";

    private final Path work = Path.of("target", "message-trace", String.valueOf(System.nanoTime()));

    @Test
    void aMessageIsOneTraceFromItsAcceptanceToItsStatusAtTheCrmAndNothingIsExportedWithTracingOff() throws Exception {
        Files.createDirectories(work);
        Path war = work.resolve("plugin.war");
        PluginWar.asBuilt()
                .addClasses(ReportingChatSender.class, TraceProbe.class, CrmProbe.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile());
        try (FakeCrm crm = new FakeCrm();
                FakeCollector collector = new FakeCollector()) {
            Company company = Company.fresh();

            try (PluginServer server = start("on", war, collector, true)) {
                PluginClient plugin = new PluginClient(server.url());
                assertEquals(
                        200,
                        plugin.register(crm, company, "hpt-" + company.companyId())
                                .status());
                assertEquals(
                        202,
                        plugin.send(crm, company, Payloads.text("m-traced", "+15550100", "fail-once hello"))
                                .status());

                FakeCrm.Callback sent = crm.awaitCallback(
                                company, c -> c.isStatus() && "m-traced".equals(c.messageId()), WAIT)
                        .orElseThrow(() -> new AssertionError("the CRM got no status of m-traced"));
                assertEquals("sent", sent.status());
                assertNull(sent.header("traceparent"), "the CRM gets no trace header (the reference sends none)");

                ExportedSpan crmStatus = collector
                        .awaitSpan(named("crm status").and(about("m-traced")), WAIT)
                        .orElseThrow(() -> new AssertionError("no crm status span: " + collector.spans()));
                ExportedSpan accept = collector
                        .awaitSpan(named("chat.send accept").and(about("m-traced")), WAIT)
                        .orElseThrow();
                String traceId = accept.traceId();
                // Everything exported about the message: the accept span's trace, and nothing outside it.
                assertTrue(
                        eventually(
                                WAIT,
                                () -> collector.trace(traceId).stream()
                                                .filter(named("chat.send queue wait"))
                                                .count()
                                        == 2),
                        () -> "two queue waits: " + FakeCollector.tree(collector.trace(traceId)));
                List<ExportedSpan> aboutTheMessage =
                        collector.spans().stream().filter(about("m-traced")).toList();
                assertTrue(
                        aboutTheMessage.stream().allMatch(s -> s.traceId().equals(traceId)),
                        () -> "every span of the message in one trace: " + aboutTheMessage);
                List<ExportedSpan> trace = collector.trace(traceId);
                System.out.println("The trace of m-traced:\n"
                        + FakeCollector.tree(
                                trace,
                                "chat.attempt",
                                "chat.outcome",
                                "http.request.method",
                                "http.response.status_code"));

                // The request that accepted it: Payara's JAX-RS span, the accept span its child.
                ExportedSpan request = trace.stream()
                        .filter(s -> s.spanId().equals(accept.parentSpanId()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the accept span's parent is in the trace"));
                assertEquals("SERVER", request.kind(), request.toString());
                assertTrue(request.isRoot(), "the request begins the trace");
                assertEquals(company.companyId(), accept.attribute("chat.company.id"));
                assertEquals(company.alias(), accept.attribute("chat.plugin.alias"));
                assertEquals(company.pluginId(), accept.attribute("chat.plugin.id"));
                assertEquals("true", accept.attribute("chat.message.new"));

                // Two attempts, each a queue wait and a sender call under the accept span; the first failed.
                List<ExportedSpan> waits =
                        trace.stream().filter(named("chat.send queue wait")).toList();
                List<ExportedSpan> calls =
                        trace.stream().filter(named("chat.send ChatSender")).toList();
                assertEquals(2, waits.size(), FakeCollector.tree(trace));
                assertEquals(2, calls.size(), FakeCollector.tree(trace));
                for (ExportedSpan span : List.of(waits.get(0), waits.get(1), calls.get(0), calls.get(1))) {
                    assertTrue(span.childOf(accept), () -> span.name() + " under the accept span");
                }
                ExportedSpan failed = calls.get(0);
                ExportedSpan retry = calls.get(1);
                assertEquals("1", failed.attribute("chat.attempt"));
                assertEquals("ERROR", failed.status());
                assertEquals("gateway refused attempt 1", failed.statusMessage());
                assertEquals(List.of("exception"), failed.events());
                assertEquals("failed", failed.attribute("chat.outcome"));
                assertEquals("2", retry.attribute("chat.attempt"));
                assertEquals("UNSET", retry.status());
                assertEquals("sent", retry.attribute("chat.outcome"));
                assertTrue(waits.get(1).startNanos() >= failed.endNanos(), "the second wait follows the failure");

                // The status the sender reported, queued within its call: its wait and its request to the CRM.
                assertTrue(crmStatus.childOf(retry), "the status is under the call that reported it");
                assertEquals("CLIENT", crmStatus.kind());
                assertEquals("PATCH", crmStatus.attribute("http.request.method"));
                assertEquals("200", crmStatus.attribute("http.response.status_code"));
                assertEquals("done", crmStatus.attribute("chat.outcome"));
                assertTrue(crmStatus.attribute("url.full").startsWith(crm.issuer() + "companies/"));
                ExportedSpan statusWait = trace.stream()
                        .filter(named("crm status queue wait"))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no crm status queue wait: " + FakeCollector.tree(trace)));
                assertTrue(statusWait.childOf(retry));

                // What the database stored: the accept span's context on the task, the call's on the status.
                JsonObject stored = plugin.get("test-probe/trace/" + company.companyId() + "/m-traced")
                        .object();
                assertEquals(
                        accept.traceparent(),
                        stored.getJsonArray("sends").getJsonObject(0).getString("traceContext"));
                assertEquals(
                        retry.traceparent(),
                        stored.getJsonArray("crmRequests").getJsonObject(0).getString("traceContext"));
            }

            // Tracing off (otel.sdk.disabled not set): the same collector configured, and nothing reaches it.
            int requestsBefore = collector.requests().size();
            try (PluginServer server = start("off", war, collector, false)) {
                PluginClient plugin = new PluginClient(server.url());
                assertEquals(
                        200,
                        plugin.register(crm, company, "hpt-" + company.companyId())
                                .status());
                assertEquals(
                        202,
                        plugin.send(crm, company, Payloads.text("m-untraced", "+15550100", "fail-once hello"))
                                .status());
                FakeCrm.Callback sent = crm.awaitCallback(
                                company, c -> c.isStatus() && "m-untraced".equals(c.messageId()), WAIT)
                        .orElseThrow(() -> new AssertionError("the CRM got no status of m-untraced"));
                assertNull(sent.header("traceparent"));
                // A status reported during a send is stored with the send's outcome; before a failure, at once.
                assertEquals(
                        202,
                        plugin.send(crm, company, Payloads.text("m-failed", "+15550101", "report-then-fail-once"))
                                .status());
                assertTrue(
                        crm.awaitCallback(company, c -> c.isStatus() && "m-failed".equals(c.messageId()), WAIT)
                                .isPresent(),
                        "the sent reported before the first attempt failed reached the CRM");
                theSendersStatusGoesStraightUntilTheCrmFailsThenThroughTheQueue(plugin, crm, company);
                JsonObject stored = plugin.get("test-probe/trace/" + company.companyId() + "/m-untraced")
                        .object();
                assertEquals(
                        JsonValue.NULL,
                        stored.getJsonArray("sends").getJsonObject(0).get("traceContext"),
                        stored.toString());
                assertEquals(
                        JsonValue.NULL,
                        stored.getJsonArray("crmRequests").getJsonObject(0).get("traceContext"),
                        stored.toString());
                server.stop();
            }
            assertEquals(
                    List.of(),
                    collector
                            .requests()
                            .subList(requestsBefore, collector.requests().size()),
                    "nothing exported with tracing off, through the message's whole life and the server's stop");
        }
    }

    /**
     * A status the sender reports during its call goes to the CRM from the send worker, right after the outcome is
     * stored (one attempt, counted as straight); one the CRM fails is retried through the queue, and the CRM's failure
     * sends the next ones through the queue too for a while.
     */
    private static void theSendersStatusGoesStraightUntilTheCrmFailsThenThroughTheQueue(
            PluginClient plugin, FakeCrm crm, Company company) {
        PluginClient.Answer opened = plugin.post("test-probe/crm/route/open", "");
        long before = straight(opened);
        long pausesBefore = pauses(opened);

        sentReached(plugin, crm, company, "m-straight-1");
        assertEquals(before + 1, straight(plugin.get("test-probe/crm/route")));
        assertEquals(1, sentRequest(plugin, company, "m-straight-1").getInt("attempts"));
        assertEquals(pausesBefore, pauses(plugin.get("test-probe/crm/route")), "answered in time: no pause");

        crm.answerNext(company, 500);
        sentReached(plugin, crm, company, "m-straight-2");
        assertEquals(before + 2, straight(plugin.get("test-probe/crm/route")));
        assertEquals(pausesBefore + 1, pauses(plugin.get("test-probe/crm/route")), "the 500 paused the route");
        assertEquals(2, sentRequest(plugin, company, "m-straight-2").getInt("attempts"));
        assertEquals(
                2,
                crm.callbacks(company).stream()
                        .filter(c -> c.isStatus() && "m-straight-2".equals(c.messageId()))
                        .count(),
                "the 500, then the retry through the queue");

        // Paused for this CRM after its failure: through the queue.
        sentReached(plugin, crm, company, "m-straight-3");
        assertEquals(before + 2, straight(plugin.get("test-probe/crm/route")));
        assertEquals(1, sentRequest(plugin, company, "m-straight-3").getInt("attempts"));
    }

    /** Sends a message to the reporting sender; waits until its {@code sent} request is done. */
    private static void sentReached(PluginClient plugin, FakeCrm crm, Company company, String messageId) {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(messageId, "+15550102", "hello"))
                        .status());
        assertTrue(
                eventually(
                        WAIT,
                        () -> sentRequest(plugin, company, messageId)
                                .getString("state")
                                .equals("DONE")),
                () -> "requests: "
                        + plugin.get("test-probe/crm/requests/" + company.companyId())
                                .body());
    }

    private static JsonObject sentRequest(PluginClient plugin, Company company, String messageId) {
        return plugin.get("test-probe/crm/requests/" + company.companyId()).json().asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(r -> messageId.equals(r.getString("messageId")) && "sent".equals(r.getString("status")))
                .findFirst()
                .orElse(Json.createObjectBuilder()
                        .add("state", "none")
                        .add("attempts", 0)
                        .build());
    }

    private static long straight(PluginClient.Answer answer) {
        assertEquals(200, answer.status());
        return answer.object().getJsonNumber("straight").longValue();
    }

    /** How many times the route to a CRM was paused, from the probe's answer. */
    private static long pauses(PluginClient.Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        return answer.object().getJsonNumber("pauses").longValue();
    }

    private PluginServer start(String name, Path war, FakeCollector collector, boolean tracing) throws Exception {
        PluginServer.Builder builder = PluginServer.builder(work.resolve(name))
                .war(war)
                .heap("384m")
                .property("plugin.send.attempts", "3")
                .property("plugin.send.interval", "PT1S")
                .property("plugin.send.jitter", "0")
                .property("plugin.crm.status.interval", "PT1S")
                .property("plugin.crm.timeout", "PT3S")
                .property("otel.service.name", "chat-plugin-" + name)
                .property("otel.exporter.otlp.protocol", "http/protobuf")
                .property("otel.exporter.otlp.endpoint", collector.endpoint())
                // Exported 100 ms after they end, rather than 5 s.
                .property("otel.bsp.schedule.delay", "100");
        if (tracing) {
            builder.property("otel.sdk.disabled", "false");
        }
        return builder.start().awaitReady(START);
    }

    private static Predicate<ExportedSpan> named(String name) {
        return span -> span.name().equals(name);
    }

    private static Predicate<ExportedSpan> about(String messageId) {
        return span -> messageId.equals(span.attribute(MESSAGE));
    }
}
