package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Checks a plugin generated from the archetype, started with its run command: plays the CRM (the test kit's fake CRM)
 * and the gateway (an HTTP server at {@code /messages} on the given port, where the generated sender POSTs), waits for
 * {@code GET /info} to name the plugin, registers a company, sends one signed message, and waits for the gateway to get
 * it and for the CRM to get its {@code sent} status signed with the company's HPT. The plugin must trust this CRM:
 * PLUGIN_SELF_URI={@value FakeCrm#SELF_URI}, PLUGIN_CRM_SCHEME=http, PLUGIN_CRM_HOSTNAMES=localhost. Usage: PluginCheck
 * &lt;plugin base URL&gt; &lt;gateway port&gt; &lt;expected name&gt;
 */
public final class PluginCheck {

    private static final String HPT = "plugin-check-hpt";

    public static void main(String[] args) throws Exception {
        URL base = new URL(args[0]);
        int gatewayPort = Integer.parseInt(args[1]);
        String name = args[2];
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("localhost", gatewayPort), 0);
        gateway.createContext("/messages", exchange -> {
            try (InputStream in = exchange.getRequestBody();
                    JsonReader reader = Json.createReader(in)) {
                received.add(reader.readObject());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        try (FakeCrm crm = new FakeCrm()) {
            PluginClient plugin = new PluginClient(base);
            if (!PluginClient.eventually(Duration.ofMinutes(5), () -> answers(plugin))) {
                fail("GET /info did not answer 200 within 5 minutes");
            }
            String shown = plugin.get("info").object().getString("name");
            check(name.equals(shown), "GET /info names '" + shown + "', expected '" + name + "'");

            Company company = Company.fresh();
            PluginClient.Answer registered = plugin.register(crm, company, HPT);
            check(
                    registered.status() == 200,
                    "registration answered " + registered.status() + ": " + registered.body());
            PluginClient.Answer sent = plugin.send(crm, company, Payloads.text("check-1", "+15550100", "Hello"));
            check(sent.status() == 202, "send answered " + sent.status() + ": " + sent.body());

            JsonObject call = received.poll(60, TimeUnit.SECONDS);
            check(call != null, "the sender did not call the gateway within 60 s");
            check("check-1".equals(call.getString("messageId", null)), "the gateway got " + call);
            check(
                    PluginClient.eventually(
                            Duration.ofSeconds(60),
                            () -> !crm.callbacks(company).isEmpty()),
                    "the CRM got no status within 60 s");
            FakeCrm.Callback status = crm.callbacks(company).get(0);
            check(
                    status.isStatus() && "sent".equals(status.status()) && "check-1".equals(status.messageId()),
                    "the CRM got " + status);
            check(
                    HPT.equals(status.verifiedBy()) && status.claimsOk(),
                    "the status is not signed with the company's HPT: " + status);
            System.out.println("Plugin check passed: /info names '" + shown + "', the message reached the gateway,"
                    + " the CRM got 'sent' signed with the company's HPT");
        } finally {
            gateway.stop(0);
        }
    }

    private static boolean answers(PluginClient plugin) {
        try {
            return plugin.get("info").status() == 200;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            fail(failure);
        }
    }

    private static void fail(String failure) {
        System.err.println("Plugin check FAILED: " + failure);
        System.exit(1);
    }
}
