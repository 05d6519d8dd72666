package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The furthest status reported for one message, so a late, lower one is never sent. */
@Entity
@Table(name = "message_status")
public class MessageStatusRecord {

    /** The reference and message id as one key (see {@link StoredReference#key}). */
    @Id
    @Column(name = "id", length = 700)
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private MessageStatus status;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected MessageStatusRecord() {}

    MessageStatusRecord(String id, MessageStatus status, long now) {
        this.id = id;
        this.status = status;
        this.updatedAt = now;
    }

    static String idOf(PluginReference reference, String messageId) {
        return StoredReference.key(reference, messageId);
    }

    MessageStatus status() {
        return status;
    }

    void moveTo(MessageStatus next, long now) {
        status = next;
        updatedAt = now;
    }
}
