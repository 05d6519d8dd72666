package com.example.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.SharedH2Database;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the plugin on one database (H2 served by the test JVM), as a deployment with two servers runs: a
 * company's mailbox is read by one of them only, and when that one is killed ({@code kill -9}: no stop, no release of
 * its lease) the other takes the mailbox over once the lease has run out, and forwards the next reply.
 */
class TwoInstancesIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String HPT = "the-company-registration-secret";
    private static final String PASSWORD = "shop-secret";

    @Test
    void oneInstanceReadsAMailboxAndTheOtherTakesItOverWhenThatOneIsKilled() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "two-instances", String.valueOf(System.nanoTime())));
        try (MailServers mail = new MailServers();
                FakeCrm crm = new FakeCrm();
                SharedH2Database database = SharedH2Database.start(work.resolve("database"));
                PluginServer one = server(work.resolve("one"), database).start()) {
            // One after the other: each migrates the database as it starts.
            one.awaitReady(START);
            try (PluginServer two = server(work.resolve("two"), database).start()) {
                two.awaitReady(START);
                PluginClient viaOne = new PluginClient(one.url());
                PluginClient viaTwo = new PluginClient(two.url());

                Company company = Company.fresh();
                String shop = "shop-" + company.companyId() + "@shop.test";
                String customer = "dora-" + company.companyId() + "@customer.test";
                mail.account(shop, PASSWORD);
                assertEquals(200, viaOne.register(crm, company, HPT).status());
                assertEquals(
                        200,
                        viaOne.saveSettings(crm, company, mail.settings(shop, PASSWORD, true))
                                .status());
                // Sent through the other instance: they share every table.
                assertEquals(
                        202,
                        viaTwo.send(crm, company, Payloads.text("m-1", customer, "Your parcel is on its way"))
                                .status());
                MimeMessage sent = mail.awaitMail(customer, WAIT).orElseThrow(() -> new AssertionError("no mail"));

                String reading = "Mailbox of " + company.companyId() + "/";
                assertTrue(
                        PluginClient.eventually(
                                WAIT, () -> one.log().contains(reading) || two.log().contains(reading)),
                        "an instance reads the mailbox");
                mail.reply(sent, customer, "Thank you!", null, null);
                assertTrue(PluginClient.eventually(WAIT, () -> crm.incoming(company).size() == 1), "first reply");
                PluginServer reader = one.log().contains(reading) ? one : two;
                PluginServer other = reader == one ? two : one;
                assertFalse(other.log().contains(reading), "one instance only reads the mailbox");

                reader.kill();
                mail.reply(sent, customer, "Is it insured?", null, null);
                assertTrue(
                        PluginClient.eventually(WAIT, () -> crm.incoming(company).size() >= 2),
                        "the second reply is forwarded by the instance left");
                assertTrue(other.log().contains(reading), "the instance left took the mailbox over");
                assertEquals(
                        List.of("Thank you!", "Is it insured?"),
                        crm.incoming(company).stream().map(FakeCrm.Callback::text).toList(),
                        "each reply reached the CRM once");
                assertEquals(
                        "chat-1",
                        crm.incoming(company).get(1).chat().getString("id"),
                        "the reply went to its chat");
            }
        }
    }

    /** A server as arquillian.xml configures the tests' one: quick retries, a short lease, the mailbox retried soon. */
    private static PluginServer.Builder server(Path folder, SharedH2Database database) {
        return PluginServer.builder(folder)
                .database(database)
                .heap("384m")
                .property("plugin.send.attempts", "3")
                .property("plugin.send.interval", "PT1S")
                .property("plugin.crm.status.interval", "PT1S")
                .property("plugin.crm.incoming.interval", "PT1S")
                .property("plugin.work.tick", "PT1S")
                .property("plugin.work.lease", "PT6S")
                .property("email.imap.retry", "PT2S");
    }
}
