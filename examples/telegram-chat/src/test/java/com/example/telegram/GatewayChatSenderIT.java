package com.example.telegram;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginWar;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin as built, on Payara Micro with its broker and database: the test plays the CRM (the test kit's
 * fake CRM) and the gateway (an HTTP server on it.gateway.port, which arquillian.xml gives the plugin as
 * plugin.sender.url).
 */
@PluginTest
@RunAsClient
class GatewayChatSenderIT {

    private static final String HPT = "the-company-registration-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final BlockingQueue<JsonObject> RECEIVED = new LinkedBlockingQueue<>();
    private static HttpServer gateway;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PluginWar.asBuilt();
    }

    @ArquillianResource
    URL base;

    @Kit
    static FakeCrm crm;
    @Kit
    PluginClient plugin;
    @Kit(registeredWith = HPT)
    Company company;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(Integer.getInteger("it.gateway.port", 28090)), 0);
        gateway.createContext("/messages", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                RECEIVED.add(reader.readObject());
            }
            // A contact the gateway does not know (the test's "+1555000404"): 404, which the sender maps to
            // Undeliverable.
            exchange.sendResponseHeaders(body.contains("+1555000404") ? 404 : 200, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void aSentMessageReachesTheGatewayAndTheCrmHearsItWasSent() throws Exception {
        assertEquals(202, plugin.send(crm, company, Payloads.text("msg-1", "+15550100", "Hello")).status());

        JsonObject call = RECEIVED.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(call, "the gateway was called");
        assertEquals("msg-1", call.getString("messageId"));
        assertEquals("+15550100", call.getString("contact"));
        assertEquals("Hello", call.getString("text"));
        assertEquals("SalesRender", call.getString("sender"), "the settings form's default");

        assertTrue(eventually(WAIT, () -> !crm.callbacks(company).isEmpty()), "the CRM got a status");
        FakeCrm.Callback status = crm.callbacks(company).get(0);
        assertTrue(status.isStatus());
        assertEquals("msg-1", status.messageId());
        assertEquals("sent", status.status());
        assertEquals(HPT, status.verifiedBy(), "signed HS512 with the company's HPT");
        assertTrue(status.claimsOk(), () -> "claims: " + status.claims());
    }

    @Test
    void aContactTheGatewayDoesNotKnowGetsErrorAfterOneCall() throws Exception {
        assertEquals(202, plugin.send(crm, company, Payloads.text("msg-404", "+1555000404", "Hello")).status());

        JsonObject call = RECEIVED.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(call, "the gateway was called");
        assertEquals("msg-404", call.getString("messageId"));
        assertTrue(eventually(WAIT, () -> !crm.callbacks(company).isEmpty()), "the CRM got a status");
        FakeCrm.Callback status = crm.callbacks(company).get(0);
        assertEquals("msg-404", status.messageId());
        assertEquals("error", status.status(), "Undeliverable ends the message at once");
        // No second attempt: the gateway hears nothing more of it (a retry would come within seconds here).
        assertNull(RECEIVED.poll(5, TimeUnit.SECONDS), "the gateway was called once");
    }

    @Test
    void infoNamesThisPlugin() {
        PluginClient.Answer info = plugin.get("info");
        assertEquals(200, info.status(), info.body());
        assertEquals("telegram-chat", info.object().getString("name"));
    }
}
