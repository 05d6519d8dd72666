package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.task.Task;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;

/** An outgoing message the CRM handed over, until the gateway took it (or it was given up). */
@Entity
@Table(name = "chat_send_task")
public class ChatSendTask extends Task {

    @Embedded
    private StoredReference reference;

    @Column(name = "message_id", nullable = false, length = 255)
    private String messageId;

    @Column(name = "contact", nullable = false, length = 255)
    private String contact;

    /** Plugin reference and contact: the messages of one chat are sent in {@link #acceptedSeq} order. */
    @Column(name = "chat_key", length = 700)
    private String chatKey;

    /** The chat key while the message is live (queued or running), null once it ended: what the order check reads. */
    @Column(name = "live_chat_key", length = 700)
    private String liveChatKey;

    /** Its place in the order of storing: the database's {@code chat_send_order} sequence gives it on insert. */
    @Column(name = "accepted_seq", insertable = false, updatable = false)
    private long acceptedSeq;

    /** The chat as its wire JSON, so the sender gets exactly what the CRM sent. */
    @Column(name = "payload", nullable = false, length = 1000000)
    private String payload;

    protected ChatSendTask() {}

    ChatSendTask(PluginReference reference, Chat chat, int attemptLimit, long now) {
        super(attemptLimit, now);
        this.reference = new StoredReference(reference);
        this.messageId = chat.message().id();
        chat(chat);
    }

    /** The chat as the CRM sent it (again): what the sender gets. */
    void chat(Chat chat) {
        this.chatKey = chatKey(reference.value(), chat.contact());
        this.contact = chat.contact();
        this.payload = ChatPayload.write(chat, true).toString();
        stateChanged();
    }

    /**
     * Every change of state but one goes through the entity; the claim's bulk update only turns queued into running.
     */
    @Override
    protected void stateChanged() {
        liveChatKey = state() == TaskState.QUEUED || state() == TaskState.RUNNING ? chatKey : null;
    }

    static String chatKey(PluginReference reference, String contact) {
        return StoredReference.key(reference, contact);
    }

    String chatKey() {
        return chatKey;
    }

    long acceptedSeq() {
        return acceptedSeq;
    }

    public PluginReference reference() {
        return reference.value();
    }

    public String messageId() {
        return messageId;
    }

    public String contact() {
        return contact;
    }

    public Chat chat() {
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return ChatPayload.read(reader.readObject());
        }
    }

    OutgoingChat outgoing() {
        return new OutgoingChat(reference(), chat(), attemptNumber(), Instant.ofEpochMilli(createdAt()));
    }
}
