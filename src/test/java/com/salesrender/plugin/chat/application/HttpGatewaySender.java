package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.Settings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A gateway adapter as a plugin writes one, for the servers {@link BackupRestoreIT} starts: each message is POSTed to
 * the gateway the test plays ({@code test.gateway.url}) with the company's saved echo prefix; a 2xx answer means sent
 * (reported to the CRM, signed with the company's HPT), anything else a failed attempt.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class HttpGatewaySender implements ChatSender {

    @Inject
    @ConfigProperty(name = "test.gateway.url")
    URI gateway;

    @Inject
    Settings settings;

    @Inject
    MessageStatuses statuses;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public void send(OutgoingChat outgoing) throws Exception {
        JsonObject main = settings.of(outgoing.reference()).getJsonObject("main");
        String body = Json.createObjectBuilder()
                .add("messageId", outgoing.messageId())
                .add("companyId", outgoing.reference().companyId())
                .add("text", outgoing.chat().message().content().text())
                .add("prefix", main == null ? "" : main.getString("prefix", ""))
                .build()
                .toString();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(gateway.resolve("send"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("gateway answered " + answer.statusCode());
        }
        statuses.report(outgoing.reference(), outgoing.messageId(), MessageStatus.SENT);
    }
}
