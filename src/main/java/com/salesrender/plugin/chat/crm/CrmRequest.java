package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.task.Task;
import com.salesrender.plugin.chat.platform.Json;
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

    /** The start of a failed attempt's error when the CRM answered, as {@link #answered} writes it. */
    private static final java.util.regex.Pattern ANSWERED = java.util.regex.Pattern.compile("The CRM answered (\\d{3})");

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

    protected CrmRequest() {
    }

    CrmRequest(PluginReference reference, CrmEndpoint endpoint, JsonValue body, long now) {
        super(1, now); // its kind sets the limit when it is queued
        this.reference = new StoredReference(reference);
        this.endpoint = endpoint;
        this.body = body.toString();
        this.expiresAt = now + endpoint.ttl().toMillis();
    }

    static CrmRequest status(PluginReference reference, String messageId, MessageStatus status, long now) {
        CrmRequest request = new CrmRequest(reference, CrmEndpoint.STATUS, Json.createObjectBuilder()
                .add("id", messageId).add("status", status.wireName()).build(), now);
        request.messageId = messageId;
        request.status = status;
        return request;
    }

    @Override
    protected void limitAttempts(int limit) {
        super.limitAttempts(limit);
    }

    /**
     * The reference's attempt log: the CRM's answer code of the last failed attempt, or the error when there was
     * no answer; empty before the first failure.
     */
    public String attemptLog() {
        String error = lastError();
        if (error == null) {
            return "";
        }
        java.util.regex.Matcher answered = ANSWERED.matcher(error);
        return answered.lookingAt() ? answered.group(1) : error;
    }

    /** How a failed attempt that got an answer is recorded. */
    static String answered(int code, String body) {
        return "The CRM answered " + code + ": " + body;
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
