package com.salesrender.plugin.chat.echo;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.OutgoingChat;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The example plugin, written as a plugin author would: a gateway that "delivers" every message and
 * answers it. After {@code delay} seconds the message is {@code sent}, after 2x {@code delivered}, after 3x
 * {@code read}, and after 4x the customer replies {@code prefix + text + suffix} (no text when the message had
 * none) with the same contact, subject and attachments, in a new chat as the reference example does (chat id null).
 * A reply text containing "error" (any case) gets only the status {@code error}.
 *
 * <p>The steps run on the container's scheduled executor, so the message-driven bean is free at once.
 */
@ApplicationScoped
public class EchoChatSender implements ChatSender {

    private static final Logger LOG = Logger.getLogger(EchoChatSender.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    EchoSettings settings;

    @Inject
    MessageStatuses statuses;

    @Inject
    IncomingChats incoming;

    @Override
    public void send(OutgoingChat outgoing) {
        PluginReference reference = outgoing.reference();
        EchoSettings.Values values = settings.of(reference);
        String messageId = outgoing.messageId();
        Chat chat = outgoing.chat();
        Chat reply = reply(chat, values);
        MessageContent replyContent = reply.message().content();

        Deque<Runnable> steps = new ArrayDeque<>();
        if (replyContent != null && replyContent.text().toLowerCase(Locale.ROOT).contains("error")) {
            steps.add(() -> statuses.report(reference, messageId, MessageStatus.ERROR));
        } else {
            steps.add(() -> statuses.report(reference, messageId, MessageStatus.SENT));
            steps.add(() -> statuses.report(reference, messageId, MessageStatus.DELIVERED));
            steps.add(() -> statuses.report(reference, messageId, MessageStatus.READ));
            steps.add(() -> incoming.forward(reference, reply));
        }
        next(steps, values.delaySeconds());
    }

    /** Runs the steps one after the other, each {@code delay} seconds after the previous one. */
    private void next(Deque<Runnable> steps, int delaySeconds) {
        Runnable step = steps.poll();
        if (step == null) {
            return;
        }
        scheduler.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Echo step failed", e);
            }
            next(steps, delaySeconds);
        }, delaySeconds, TimeUnit.SECONDS);
    }

    private static Chat reply(Chat chat, EchoSettings.Values values) {
        MessageContent received = chat.message().content();
        MessageContent content = received == null ? null
                : new MessageContent(values.prefix() + received.text() + values.suffix(), received.format());
        return new Chat(null, chat.contact(), chat.subject(), new Message(null, content, chat.message().attachments()));
    }
}
