package com.example.telegram;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.RetryLater;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.Undeliverable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This plugin's gateway adapter: the core calls {@link #send} once per attempt of every message the CRM hands
 * over. {@code @Alternative @Priority(ChatSender.PRIORITY)} makes it replace the example sender shipped in the
 * core WAR, and its settings form replace the example's.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class GatewayChatSender implements ChatSender {

    /** Where messages go: plugin.sender.url in META-INF/microprofile-config.properties, PLUGIN_SENDER_URL, -Dplugin.sender.url. */
    @Inject
    @ConfigProperty(name = "plugin.sender.url")
    URI gateway;

    /** Each company's values of the form below. */
    @Inject
    Settings settings;

    /** Reports what became of a message to the company's CRM (signed with its registration's HPT). */
    @Inject
    MessageStatuses statuses;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The form each company fills in on the CRM's settings page. TODO: the fields your gateway needs. */
    @Produces
    @Singleton
    SettingsForm form() {
        return SettingsForm.titled("Gateway")
                .group("account", "Gateway account", group -> group
                        .field("sender", Field.string("Sender name").description("Shown to the customer")
                                .defaultValue("SalesRender"))
                        .field("token", Field.password("API token").description("Sent as a bearer token")))
                .button("Save");
    }

    @Override
    public void send(OutgoingChat outgoing) throws Exception {
        PluginReference company = outgoing.reference();
        JsonObject account = settings.of(company).getJsonObject("account");
        // TODO: the request your gateway expects.
        String body = Json.createObjectBuilder()
                .add("messageId", outgoing.messageId())
                .add("contact", outgoing.chat().contact())
                .add("text", outgoing.chat().message().content().text())
                .add("sender", text(account, "sender"))
                .build().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        String token = text(account, "token");
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // TODO: map your gateway's answers. Throwing makes the core try again later; RetryLater waits without
        // using up an attempt; Undeliverable ends the message at once (the CRM gets "error"); returning means the
        // gateway took the message.
        if (answer.statusCode() == 429) {
            throw new RetryLater(Duration.ofSeconds(30), "gateway rate limit");
        }
        if (answer.statusCode() == 404 || answer.statusCode() == 410) {
            // The gateway knows no such contact: no later attempt can succeed.
            throw new Undeliverable("gateway answered " + answer.statusCode() + ": " + answer.body());
        }
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("gateway answered " + answer.statusCode() + ": " + answer.body());
        }
        // The gateway accepted it: tell the CRM. TODO: report delivered / read when your gateway says so
        // (a webhook of yours calling statuses.report, or the core's /gateway/... routes, see its README).
        statuses.report(company, outgoing.messageId(), MessageStatus.SENT);
    }

    private static String text(JsonObject group, String field) {
        return group != null && group.get(field) instanceof JsonString value ? value.getString() : "";
    }
}
