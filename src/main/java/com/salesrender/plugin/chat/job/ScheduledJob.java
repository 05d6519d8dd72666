package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.task.Task;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A plugin's job, kept until it ran (or was given up): a task like an outgoing message. */
@Entity
@Table(name = "plugin_job")
public class ScheduledJob extends Task {

    @Embedded
    private StoredReference reference;

    @Column(name = "job_type", nullable = false, length = PluginJob.MAX_TYPE)
    private String type;

    @Column(name = "data", nullable = false, length = PluginJob.MAX_DATA)
    private String data;

    @Column(name = "message_id", length = PluginJob.MAX_MESSAGE_ID)
    private String messageId;

    protected ScheduledJob() {}

    ScheduledJob(PluginJob job, int attemptLimit, long now, long due) {
        super(attemptLimit, now);
        this.reference = new StoredReference(job.reference());
        this.type = job.type();
        this.data = job.data();
        this.messageId = job.messageId();
        dueAt(due);
    }

    PluginJob job() {
        return new PluginJob(reference.value(), type, data, messageId);
    }

    String type() {
        return type;
    }

    @Override
    public PluginReference reference() {
        return reference.value();
    }

    @Override
    public String messageId() {
        return messageId;
    }
}
