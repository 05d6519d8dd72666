package com.salesrender.plugin.chat.echo;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.AttachmentType;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The echo example's steps, one stored job each: report {@code sent}, {@code delivered}, {@code read}, then forward the
 * customer's reply ({@code error} alone when the reply would contain "error"). Each step schedules the next one in its
 * own transaction: a crash repeats none and loses none.
 */
@ApplicationScoped
public class EchoSteps implements PluginJobHandler {

    static final String TYPE = "echo-step";

    private static final List<String> STEPS = List.of("sent", "delivered", "read", "reply");

    @Inject
    MessageStatuses statuses;

    @Inject
    IncomingChats incoming;

    @Inject
    PluginJobs jobs;

    @Override
    public String type() {
        return TYPE;
    }

    /** What the steps of one message will do: the reply (null text when the message had none) and the delay. */
    record Plan(Chat reply, boolean error, int delaySeconds) {

        PluginJob first(PluginReference reference, String messageId) {
            return step(reference, messageId, error ? "error" : STEPS.get(0));
        }

        PluginJob step(PluginReference reference, String messageId, String step) {
            JsonObject data = Json.createObjectBuilder()
                    .add("step", step)
                    .add("delay", delaySeconds)
                    .add("reply", write(reply))
                    .build();
            return new PluginJob(reference, TYPE, data.toString(), messageId);
        }
    }

    static Plan plan(Chat chat, EchoSettings.Values values) {
        MessageContent received = chat.message().content();
        MessageContent content = received == null
                ? null
                : new MessageContent(values.prefix() + received.text() + values.suffix(), received.format());
        Chat reply = new Chat(
                null,
                chat.contact(),
                chat.subject(),
                new Message(null, content, chat.message().attachments()));
        boolean error =
                content != null && content.text().toLowerCase(Locale.ROOT).contains("error");
        return new Plan(reply, error, values.delaySeconds());
    }

    @Override
    public void run(PluginJob job) {
        JsonObject data;
        try (JsonReader reader = Json.createReader(new StringReader(job.data()))) {
            data = reader.readObject();
        }
        String step = data.getString("step");
        PluginReference reference = job.reference();
        String messageId = job.messageId();
        Plan plan = new Plan(read(data.getJsonObject("reply")), false, data.getInt("delay"));
        switch (step) {
            case "error" -> statuses.report(reference, messageId, MessageStatus.ERROR);
            case "sent" -> statuses.report(reference, messageId, MessageStatus.SENT);
            case "delivered" -> statuses.report(reference, messageId, MessageStatus.DELIVERED);
            case "read" -> statuses.report(reference, messageId, MessageStatus.READ);
            case "reply" -> incoming.forward(reference, plan.reply());
            default -> throw new IllegalArgumentException("Unknown echo step " + step);
        }
        int next = STEPS.indexOf(step) + 1;
        if (next > 0 && next < STEPS.size()) {
            jobs.schedule(plan.step(reference, messageId, STEPS.get(next)), Duration.ofSeconds(plan.delaySeconds()));
        }
    }

    private static JsonObject write(Chat chat) {
        JsonObjectBuilder message = Json.createObjectBuilder();
        MessageContent content = chat.message().content();
        if (content == null) {
            message.addNull("content");
        } else {
            message.add(
                    "content",
                    Json.createObjectBuilder()
                            .add("text", content.text())
                            .add("format", content.format().wireName()));
        }
        JsonArrayBuilder attachments = Json.createArrayBuilder();
        for (Attachment attachment : chat.message().attachments()) {
            attachments.add(Json.createObjectBuilder()
                    .add("name", attachment.name())
                    .add("uri", attachment.uri().toString())
                    .add("type", attachment.type().wireName()));
        }
        JsonObjectBuilder written = Json.createObjectBuilder()
                .add("contact", chat.contact())
                .add("message", message.add("attachments", attachments));
        if (chat.subject() == null) {
            written.addNull("subject");
        } else {
            written.add("subject", chat.subject());
        }
        return written.build();
    }

    private static Chat read(JsonObject chat) {
        JsonObject message = chat.getJsonObject("message");
        MessageContent content = null;
        if (message.get("content").getValueType() != JsonValue.ValueType.NULL) {
            JsonObject written = message.getJsonObject("content");
            content = new MessageContent(
                    written.getString("text"),
                    MessageFormat.fromWire(written.getString("format")).orElseThrow());
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonValue value : message.getJsonArray("attachments")) {
            JsonObject attachment = value.asJsonObject();
            attachments.add(new Attachment(
                    attachment.getString("name"),
                    URI.create(attachment.getString("uri")),
                    AttachmentType.fromWire(attachment.getString("type")).orElseThrow()));
        }
        String subject = chat.isNull("subject") ? null : chat.getString("subject");
        return new Chat(null, chat.getString("contact"), subject, new Message(null, content, attachments));
    }
}
