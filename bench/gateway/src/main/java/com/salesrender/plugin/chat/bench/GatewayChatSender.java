package com.salesrender.plugin.chat.bench;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A gateway adapter as a plugin author writes one: every message is POSTed to {@code bench.gateway} (the driver), which
 * records when each arrived and from which instance. Anything but 200 is a failed attempt. With
 * {@code bench.report-sent}, a 200 is reported to the CRM as status {@code sent} at once, as a gateway adapter whose
 * gateway answers synchronously does; for a company {@link SenderChoice} gives the real sender, the later statuses and
 * replies of a real gateway follow ({@link GatewayReceipts}).
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class GatewayChatSender implements ChatSender {

    @Inject
    @ConfigProperty(name = "bench.gateway")
    URI gateway;

    @Inject
    @ConfigProperty(name = "bench.instance", defaultValue = "plugin")
    String instance;

    /** Long in benchmarks that hold the gateway closed while a backlog builds up. */
    @Inject
    @ConfigProperty(name = "bench.gateway-timeout", defaultValue = "PT30S")
    Duration timeout;

    /** Off for the proofs (cluster, crash), which count gateway arrivals only; on for the benchmark. */
    @Inject
    @ConfigProperty(name = "bench.report-sent", defaultValue = "false")
    boolean reportSent;

    @Inject
    MessageStatuses statuses;

    @Inject
    SenderChoice choice;

    @Inject
    GatewayReceipts receipts;

    private static final Logger LOG = Logger.getLogger(GatewayChatSender.class.getName());

    /** One JSON-P provider, looked up once ({@code jakarta.json.Json} looks it up on every call). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public void send(OutgoingChat chat) throws Exception {
        long calledAt = System.currentTimeMillis();
        String body = JSON.createObjectBuilder()
                .add("company", chat.reference().companyId())
                .add("messageId", chat.messageId())
                .add("attempt", chat.attempt())
                .add("instance", instance)
                .add("acceptedAt", chat.acceptedAt().toEpochMilli())
                .add("calledAt", calledAt)
                .build()
                .toString();
        HttpResponse<Void> answer = http.send(
                HttpRequest.newBuilder(gateway)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("gateway answered " + answer.statusCode());
        }
        if (reportSent) {
            try {
                statuses.report(chat.reference(), chat.messageId(), MessageStatus.SENT);
            } catch (RuntimeException e) {
                // The gateway has the message: failing the attempt would send it twice. The CRM misses a status.
                LOG.log(Level.WARNING, "Status sent of " + chat.messageId() + " not queued", e);
            }
            if (choice.of(chat.reference().companyId()) == SenderChoice.Sender.REAL) {
                receipts.expect(chat);
            }
        }
    }
}
