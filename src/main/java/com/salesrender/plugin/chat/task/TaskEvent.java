package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One step in the life of a task (accepted, an attempt's outcome, given up, replayed...), kept for its history. */
@Entity
@Table(name = "task_event")
public class TaskEvent {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "task_id", nullable = false, length = 36)
    private String taskId;

    @Column(name = "task_type", nullable = false, length = 32)
    private String taskType;

    @Embedded
    private StoredReference reference;

    @Column(name = "message_id", length = 255)
    private String messageId;

    @Column(name = "event", nullable = false, length = 32)
    private String event;

    @Column(name = "attempt", nullable = false)
    private int attempt;

    @Column(name = "detail", length = Task.MAX_ERROR)
    private String detail;

    @Column(name = "at", nullable = false)
    private long at;

    /** Strictly increasing within a server, so events of one millisecond keep their order. */
    @Column(name = "seq")
    private long seq;

    protected TaskEvent() {}

    TaskEvent(Task task, String event, String detail, long at) {
        this(task, event, detail, at, Sequence.next(at), task.attemptNumber());
    }

    /** An event at this place in the order and attempt: one read off the task's row is not stored. */
    TaskEvent(Task task, String event, String detail, long at, long seq, int attempt) {
        PluginReference reference = task.reference();
        this.id = Ids.random();
        this.taskId = task.id();
        this.taskType = task.getClass().getSimpleName();
        this.reference = new StoredReference(reference);
        this.messageId = task.messageId();
        this.event = event;
        this.attempt = attempt;
        this.detail = Task.truncate(detail);
        this.at = at;
        this.seq = seq;
    }

    public String taskId() {
        return taskId;
    }

    public String taskType() {
        return taskType;
    }

    public String event() {
        return event;
    }

    public int attempt() {
        return attempt;
    }

    public String detail() {
        return detail;
    }

    public long at() {
        return at;
    }

    long seq() {
        return seq;
    }
}
