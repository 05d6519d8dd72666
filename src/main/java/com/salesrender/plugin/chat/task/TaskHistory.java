package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The recorded life of tasks; events are written in the transaction of the change they describe. Two lines of every
 * history are not written but read off the task's row, which holds them already: its first (accepted, queued, at its
 * creation; see {@link TaskKind#firstEvent}) and its end when done ({@value #DONE}, at its end, with its attempt).
 * Those were two inserts of every task, most of the history's rows, and the costliest statement per message.
 */
@Stateless
public class TaskHistory {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String ATTEMPT_FAILED = "ATTEMPT_FAILED";
    public static final String DONE = "DONE";
    public static final String DROPPED = "DROPPED";
    public static final String GIVEN_UP = "GIVEN_UP";
    public static final String REPLAYED = "REPLAYED";
    /** A FAILED message the CRM sent again, queued again with fresh attempts. */
    public static final String REQUEUED = "REQUEUED";

    public static final String WAITED = "WAITED";
    /** Claimed again after the worker of its running attempt stopped renewing the lease (it died, or was stopped). */
    public static final String TAKEN_OVER = "TAKEN_OVER";

    /**
     * One task's events in order: its first line, then the recorded ones, then its end. Across tasks, by time, and in
     * one millisecond the task created first goes first (a message's send task before the status it reported).
     */
    private static final Comparator<Line> ORDER = Comparator.comparingLong((Line line) -> line.event.at())
            .thenComparingLong(line -> line.taskCreatedAt)
            .thenComparing(line -> line.event.taskId())
            .thenComparingInt(line -> line.phase)
            .thenComparingLong(line -> line.event.seq());

    @PersistenceContext
    EntityManager em;

    @Inject
    @Any
    Instance<TaskKind<?>> kinds;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(Task task, String event, String detail) {
        em.persist(new TaskEvent(task, event, detail, System.currentTimeMillis()));
    }

    /** Everything recorded about one message of one plugin reference (its send task and its statuses), oldest first. */
    public List<TaskEvent> ofMessage(PluginReference reference, String messageId) {
        Rows rows = new Rows();
        for (TaskKind<?> kind : kinds) {
            if (kind.aboutMessages()) {
                rows.add(
                        kind,
                        StoredReference.bind(
                                        em.createQuery(
                                                "SELECT t FROM " + kind.type().getSimpleName() + " t WHERE "
                                                        + StoredReference.of("t") + " AND t.messageId = :message",
                                                kind.type()),
                                        reference)
                                .setParameter("message", messageId)
                                .getResultList());
            }
        }
        List<TaskEvent> recorded = StoredReference.bind(
                        em.createQuery(
                                "SELECT e FROM TaskEvent e WHERE " + StoredReference.of("e")
                                        + " AND e.messageId = :message ORDER BY e.seq",
                                TaskEvent.class),
                        reference)
                .setParameter("message", messageId)
                .getResultList();
        return inOrder(rows.tasks, recorded, rows::firstEvent);
    }

    public List<TaskEvent> ofTask(String taskId) {
        Rows rows = new Rows();
        for (TaskKind<?> kind : kinds) {
            Task task = em.find(kind.type(), taskId);
            if (task != null) {
                rows.add(kind, List.of(task));
            }
        }
        List<TaskEvent> recorded = em.createQuery(
                        "SELECT e FROM TaskEvent e WHERE e.taskId = :task ORDER BY e.seq", TaskEvent.class)
                .setParameter("task", taskId)
                .getResultList();
        return inOrder(rows.tasks, recorded, rows::firstEvent);
    }

    /** Tasks read for a history, each with the first line its kind gives it (by task id). */
    private static final class Rows {

        final List<Task> tasks = new ArrayList<>();
        private final Map<String, TaskKind.FirstEvent> firstEvents = new HashMap<>();

        <T extends Task> void add(TaskKind<T> kind, List<? extends Task> found) {
            for (Task task : found) {
                tasks.add(task);
                TaskKind.FirstEvent first = kind.firstEvent(kind.type().cast(task));
                if (first != null) {
                    firstEvents.put(task.id(), first);
                }
            }
        }

        TaskKind.FirstEvent firstEvent(Task task) {
            return firstEvents.get(task.id());
        }
    }

    /** The recorded events and the lines the tasks' rows hold (their first lines as given), in {@link #ORDER}. */
    static List<TaskEvent> inOrder(
            List<Task> tasks, List<TaskEvent> recorded, Function<Task, TaskKind.FirstEvent> firstEvents) {
        Map<String, Long> createdAt = new HashMap<>();
        // Versions before this one stored these lines too (rows still kept, or written by an instance not yet
        // upgraded): a line stored is not read off the row again.
        Set<String> stored =
                recorded.stream().map(e -> e.taskId() + " " + e.event()).collect(Collectors.toSet());
        List<Line> lines = new ArrayList<>();
        for (Task task : tasks) {
            createdAt.put(task.id(), task.createdAt());
            TaskKind.FirstEvent first = firstEvents.apply(task);
            if (first != null && !stored.contains(task.id() + " " + first.event())) {
                lines.add(new Line(
                        new TaskEvent(task, first.event(), first.detail(), task.createdAt(), Long.MIN_VALUE, 0),
                        task.createdAt(),
                        0));
            }
            if (task.state() == TaskState.DONE
                    && task.finishedAt() != null
                    && !stored.contains(task.id() + " " + DONE)) {
                lines.add(new Line(
                        new TaskEvent(task, DONE, null, task.finishedAt(), Long.MAX_VALUE, task.attemptNumber()),
                        task.createdAt(),
                        2));
            }
        }
        for (TaskEvent event : recorded) {
            lines.add(new Line(event, createdAt.getOrDefault(event.taskId(), event.at()), 1));
        }
        lines.sort(ORDER);
        return lines.stream().map(line -> line.event).toList();
    }

    /** An event with where it sorts: its task's creation, and its phase (first line 0, recorded 1, end 2). */
    private record Line(TaskEvent event, long taskCreatedAt, int phase) {}
}
