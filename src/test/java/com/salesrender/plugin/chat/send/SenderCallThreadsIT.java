package com.salesrender.plugin.chat.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.PluginWar;
import com.salesrender.plugin.chat.testkit.Prometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * A sender's reports during its calls keep working on the threads straight attempts run on, however long the plugin
 * runs. A report during a call looks at the message's stored status; it once did that with the container's entity
 * manager outside any transaction, which Payara ties to the context the thread was made in: that of the request whose
 * accept made the first straight thread, which also scheduled the attempts' lease renewals. A renewal's end closed that
 * entity manager, and every later report on that thread threw (a benchmark run lost 15 {@code sent} statuses that way,
 * all on the first straight thread; a sender that lets the exception through has its message sent again).
 *
 * <p>The renewals themselves ran in that request's context, long after it ended: the container logged an error at each.
 * The {@code /metrics} gauges read the database the same way, on a managed task a scrape submits and outlives: they
 * read in a transaction too, and a gauge read after the sends shows every one of them.
 *
 * <p>Its own server: the first accept of a fresh start is what made the attempts and the first straight thread.
 */
class SenderCallThreadsIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** More than the straight threads (8): the later sends find the first thread again. */
    private static final int AFTER = 24;

    private final Path work = Path.of("target", "sender-call-threads", String.valueOf(System.nanoTime()));

    @Test
    void reportsDuringSenderCallsWorkOnTheStraightThreadsAfterLeaseRenewalsRan() throws Exception {
        Files.createDirectories(work);
        Path war = work.resolve("plugin.war");
        // The run command's plugin with a sender that reports sent during its call.
        PluginWar.asBuilt()
                .addClasses(ReportingChatSender.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile());
        try (FakeCrm crm = new FakeCrm();
                PluginServer server = PluginServer.builder(work.resolve("server"))
                        .war(war)
                        .heap("384m")
                        // Leases of 3 s: renewed every second, so a few run between the sends below.
                        .property("plugin.task.lease", "PT3S")
                        .start()
                        .awaitReady(START)) {
            PluginClient plugin = new PluginClient(server.url());
            Company company = Company.fresh();
            assertEquals(
                    200,
                    plugin.register(crm, company, "hpt-" + company.companyId()).status());

            scrape(plugin); // the gauges' first read, on a task the scrape's request makes and does not wait for
            // The run's first accept: it makes the attempts (their renewals) and the first straight thread.
            sendAndAwaitSent(plugin, crm, company, "first");
            Thread.sleep(2_500); // renewals run meanwhile
            // One at a time: each goes straight, and the pool's threads take them in turn, the first among them.
            for (int i = 1; i <= AFTER; i++) {
                sendAndAwaitSent(plugin, crm, company, "after-" + i);
            }

            // A gauge read after the sends (the figures are read at most every 5 s): every message DONE (at least: on
            // PostgreSQL the database is shared with other tests' servers).
            long deadline = System.nanoTime() + WAIT.toNanos();
            double done = 0;
            while (done < 1 + AFTER && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                done = scrape(plugin).value("chat_send_tasks", "state", "DONE");
            }
            assertTrue(done >= 1 + AFTER, "the send tasks DONE as the gauge read them: " + done);

            String log = server.log();
            // The renewals ran in the context of the request that scheduled them: an error at each.
            assertFalse(log.contains("No invocation on invocation stack"), "a renewal out of its context: " + log);
            assertFalse(log.contains("closed EntityManager"), "an entity manager closed under a thread: " + log);
            assertFalse(log.contains("NullPointerException"), "a report threw: " + log);
            assertFalse(log.contains("gateway refused"), "a message needed a second attempt: " + log);
        }
    }

    private static Prometheus scrape(PluginClient plugin) {
        PluginClient.Answer metrics = plugin.get("metrics");
        assertEquals(200, metrics.status(), metrics.body());
        return Prometheus.parse(metrics.body());
    }

    private static void sendAndAwaitSent(PluginClient plugin, FakeCrm crm, Company company, String messageId) {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(messageId, "+15550100", "hello"))
                        .status());
        FakeCrm.Callback sent = crm.awaitCallback(company, c -> c.isStatus() && messageId.equals(c.messageId()), WAIT)
                .orElseThrow(() -> new AssertionError("the CRM got no status of " + messageId));
        assertEquals("sent", sent.status());
    }
}
