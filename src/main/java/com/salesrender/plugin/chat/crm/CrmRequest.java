package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.task.Task;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.StringReader;

/** A request to a company's CRM (a status, an incoming message), kept until the CRM took it or it expired. */
@Entity
@Table(name = "crm_request")
public class CrmRequest extends Task {

    @Embedded
    private StoredReference reference;

    @Enumerated(EnumType.STRING)
    @Column(name = "endpoint", nullable = false, length = 16)
    private CrmEndpoint endpoint;

    /** The {@code body} claim of the signed request. */
    @Column(name = "body", nullable = false, length = 1000000)
    private String body;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    /** For statuses: the message it is about and the status, so later statuses can supersede it. */
    @Column(name = "message_id", length = 255)
    private String messageId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 16)
    private MessageStatus status;

    /** The CRM's answer code of the last failed attempt; null when that attempt got no answer (or none failed yet). */
    @Column(name = "answer_code")
    private Integer answerCode;

    protected CrmRequest() {}

    CrmRequest(PluginReference reference, CrmEndpoint endpoint, JsonValue body, long now) {
        super(1, now); // its kind sets the limit when it is queued
        this.reference = new StoredReference(reference);
        this.endpoint = endpoint;
        this.body = body.toString();
        this.expiresAt = now + endpoint.ttl().toMillis();
    }

    static CrmRequest status(PluginReference reference, String messageId, MessageStatus status, long now) {
        CrmRequest request = new CrmRequest(
                reference,
                CrmEndpoint.STATUS,
                Json.createObjectBuilder()
                        .add("id", messageId)
                        .add("status", status.wireName())
                        .build(),
                now);
        request.messageId = messageId;
        request.status = status;
        return request;
    }

    @Override
    protected void limitAttempts(int limit) {
        super.limitAttempts(limit);
    }

    /**
     * The reference's attempt log: the CRM's answer code of the last failed attempt, or the error when there was no
     * answer; empty before the first failure.
     */
    public String attemptLog() {
        if (answerCode != null) {
            return String.valueOf(answerCode);
        }
        return lastError() == null ? "" : lastError();
    }

    /**
     * How a failed attempt that got an answer is described (its error text); its code goes by {@link #answered(int)}.
     */
    static String answered(int code, String body) {
        return "The CRM answered " + code + ": " + body;
    }

    /** The attempt just recorded got this answer code from the CRM (recorded after its error text, which clears it). */
    void answered(int code) {
        answerCode = code;
    }

    /** Any new error text is about a new attempt: the code of an earlier answer no longer applies. */
    @Override
    protected void errorRecorded() {
        answerCode = null;
    }

    public PluginReference reference() {
        return reference.value();
    }

    public CrmEndpoint endpoint() {
        return endpoint;
    }

    public JsonValue body() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readValue();
        }
    }

    public long expiresAt() {
        return expiresAt;
    }

    public String messageId() {
        return messageId;
    }

    public MessageStatus status() {
        return status;
    }
}
