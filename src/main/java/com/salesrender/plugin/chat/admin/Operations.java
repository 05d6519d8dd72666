package com.salesrender.plugin.chat.admin;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.application.RetentionOptions;
import com.salesrender.plugin.chat.crm.CrmRequest;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.send.ChatSendTask;
import com.salesrender.plugin.chat.send.ChatSends;
import com.salesrender.plugin.chat.task.Task;
import com.salesrender.plugin.chat.task.TaskEvent;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskState;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** What an operator sees and does: counts by state, failed and stuck messages, a message's history, replay. */
@Stateless
public class Operations {

    /** A pseudo-state: the tasks the task engine counts as stuck (see {@link TaskStore}). */
    public static final String STUCK = "STUCK";

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskHistory history;

    @Inject
    TaskStore store;

    @Inject
    ChatSends sends;

    @Inject
    @ConfigProperties
    RetentionOptions kept;

    public JsonObject counts() {
        return Json.createObjectBuilder()
                .add("chatSend", countsOf(ChatSendTask.class))
                .add("crmRequest", countsOf(CrmRequest.class))
                .add(
                        "retention",
                        Json.createObjectBuilder()
                                .add("done", kept.done().toString())
                                .add("failed", kept.failed().toString())
                                .add("uploads", kept.uploads().toString()))
                .build();
    }

    private JsonObjectBuilder countsOf(Class<? extends Task> type) {
        JsonObjectBuilder counts = Json.createObjectBuilder();
        store.countByState(type).forEach((state, count) -> counts.add(state.name(), count));
        counts.add(STUCK, store.countStuck(type));
        return counts;
    }

    /** Send tasks in a state (or {@link #STUCK}), newest first. */
    public JsonObject tasks(String state, int page, int size) {
        List<ChatSendTask> found;
        long total;
        if (STUCK.equals(state)) {
            found = store.stuck(ChatSendTask.class, page * size, size);
            total = store.countStuck(ChatSendTask.class);
        } else {
            TaskState wanted = TaskState.valueOf(state);
            found = em.createQuery(
                            "SELECT t FROM ChatSendTask t WHERE t.state = :state ORDER BY t.createdAt DESC",
                            ChatSendTask.class)
                    .setParameter("state", wanted)
                    .setFirstResult(page * size)
                    .setMaxResults(size)
                    .getResultList();
            total = em.createQuery("SELECT COUNT(t) FROM ChatSendTask t WHERE t.state = :state", Long.class)
                    .setParameter("state", wanted)
                    .getSingleResult();
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        found.forEach(t -> items.add(describe(t)));
        return Json.createObjectBuilder()
                .add("state", state)
                .add("page", page)
                .add("size", size)
                .add("total", total)
                .add("items", items)
                .build();
    }

    /** Every send task with this message id (any company), each with its history. */
    public JsonObject messages(String messageId) {
        JsonArrayBuilder found = Json.createArrayBuilder();
        em.createQuery(
                        "SELECT t FROM ChatSendTask t WHERE t.messageId = :message ORDER BY t.createdAt DESC",
                        ChatSendTask.class)
                .setParameter("message", messageId)
                .setMaxResults(50)
                .getResultList()
                .forEach(t -> found.add(withHistory(t)));
        return Json.createObjectBuilder()
                .add("messageId", messageId)
                .add("items", found)
                .build();
    }

    /** One message of one plugin reference, with its history; null when there is none. */
    public JsonObject message(PluginReference reference, String messageId) {
        return sends.find(reference, messageId)
                .map(task -> withHistory(task).build())
                .orElse(null);
    }

    /** Queues a FAILED message again with fresh attempts (see {@link ChatSends#replay}). */
    public boolean replay(String taskId) {
        return sends.replay(taskId, "Replayed by an operator");
    }

    public boolean exists(String taskId) {
        return em.find(ChatSendTask.class, taskId) != null;
    }

    private JsonObjectBuilder withHistory(ChatSendTask task) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (TaskEvent event : history.ofMessage(task.reference(), task.messageId())) {
            events.add(Json.createObjectBuilder()
                    .add("at", event.at())
                    .add("task", event.taskType())
                    .add("event", event.event())
                    .add("attempt", event.attempt())
                    .add("detail", event.detail() == null ? JsonValue.NULL : Json.createValue(event.detail())));
        }
        return describe(task).add("history", events);
    }

    private static JsonObjectBuilder describe(ChatSendTask task) {
        PluginReference reference = task.reference();
        return Json.createObjectBuilder()
                .add("id", task.id())
                .add("companyId", reference.companyId())
                .add("pluginAlias", reference.alias())
                .add("pluginId", reference.id())
                .add("messageId", task.messageId())
                .add("contact", task.contact())
                .add("state", task.state().name())
                .add("attempts", task.attemptNumber())
                .add("attemptLimit", task.attemptLimit())
                .add("lastError", task.lastError() == null ? JsonValue.NULL : Json.createValue(task.lastError()))
                .add("createdAt", task.createdAt())
                .add("nextAttemptAt", task.nextAttemptAt());
    }
}
