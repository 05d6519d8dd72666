package com.salesrender.plugin.chat.echo;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The example plugin, written as a plugin author would: a gateway that "delivers" every message and answers it. After
 * {@code delay} seconds the message is {@code sent}, after 2x {@code delivered}, after 3x {@code read}, and after 4x
 * the customer replies {@code prefix + text + suffix} (no text when the message had none) with the same contact,
 * subject and attachments, in a new chat as the reference example does (chat id null). A reply text containing "error"
 * (any case) gets only the status {@code error}.
 *
 * <p>Each step is a {@link PluginJobs job} stored in the database, so the steps survive a restart or a crash, and the
 * message-driven bean is free at once; {@link EchoSteps} runs them.
 */
@ApplicationScoped
public class EchoChatSender implements ChatSender {

    @Inject
    EchoSettings settings;

    @Inject
    PluginJobs jobs;

    @Override
    public void send(OutgoingChat outgoing) {
        EchoSettings.Values values = settings.of(outgoing.reference());
        EchoSteps.Plan plan = EchoSteps.plan(outgoing.chat(), values);
        jobs.schedule(
                plan.first(outgoing.reference(), outgoing.messageId()), Duration.ofSeconds(values.delaySeconds()));
    }
}
