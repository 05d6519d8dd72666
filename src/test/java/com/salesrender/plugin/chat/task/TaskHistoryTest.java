package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.salesrender.plugin.chat.api.PluginReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a history is put together from the lines stored and those read off the tasks' rows. */
class TaskHistoryTest {

    private static final TaskKind.FirstEvent ACCEPTED = new TaskKind.FirstEvent(TaskHistory.ACCEPTED, "To +1555");
    private static final TaskKind.FirstEvent QUEUED = new TaskKind.FirstEvent("QUEUED", "Status sent for the CRM");

    /** A task of a message, as the kinds' are (no table needed here). */
    private static final class Sample extends Task {

        private final TaskKind.FirstEvent first;

        Sample(long createdAt, TaskKind.FirstEvent first) {
            super(5, createdAt);
            this.first = first;
        }

        @Override
        public PluginReference reference() {
            return new PluginReference("1", "chat-plugin", "7");
        }

        @Override
        public String messageId() {
            return "m-1";
        }
    }

    private static List<String> events(List<TaskEvent> history) {
        return history.stream().map(e -> e.event() + "@" + e.at()).toList();
    }

    private static List<TaskEvent> history(List<Task> tasks, List<TaskEvent> recorded) {
        return TaskHistory.inOrder(tasks, recorded, task -> ((Sample) task).first);
    }

    @Test
    void aMessageSentAtOnceIsItsRowsAcceptedThenDoneThenItsStatusQueuedAndDone() {
        Sample send = new Sample(100, ACCEPTED);
        send.finish(TaskState.DONE, 140);
        // The status was stored in the transaction that ended the send: the same millisecond.
        Sample status = new Sample(140, QUEUED);
        status.finish(TaskState.DONE, 150);
        List<TaskEvent> history = history(List.of(status, send), List.of());
        assertEquals(List.of("ACCEPTED@100", "DONE@140", "QUEUED@140", "DONE@150"), events(history));
        assertEquals("To +1555", history.get(0).detail());
        assertEquals(0, history.get(0).attempt());
    }

    @Test
    void recordedEventsGoBetweenTheFirstLineAndTheEndInTheirOrder() {
        Sample send = new Sample(100, ACCEPTED);
        TaskEvent failed = new TaskEvent(send, TaskHistory.ATTEMPT_FAILED, "refused", 100);
        TaskEvent waited = new TaskEvent(send, TaskHistory.WAITED, "429", 120);
        send.finish(TaskState.DONE, 120);
        assertEquals(
                List.of("ACCEPTED@100", "ATTEMPT_FAILED@100", "WAITED@120", "DONE@120"),
                events(history(List.of(send), List.of(failed, waited))));
    }

    @Test
    void aTaskNotDoneHasNoEndLine() {
        Sample send = new Sample(100, ACCEPTED);
        TaskEvent givenUp = new TaskEvent(send, TaskHistory.GIVEN_UP, "After 5 attempts", 300);
        send.finish(TaskState.FAILED, 300);
        assertEquals(List.of("ACCEPTED@100", "GIVEN_UP@300"), events(history(List.of(send), List.of(givenUp))));
    }

    @Test
    void linesAVersionBeforeStoredAreNotReadOffTheRowAgain() {
        Sample send = new Sample(100, ACCEPTED);
        send.finish(TaskState.DONE, 130);
        TaskEvent storedAccepted = new TaskEvent(send, TaskHistory.ACCEPTED, "To +1555", 100);
        TaskEvent storedDone = new TaskEvent(send, TaskHistory.DONE, null, 130);
        assertEquals(
                List.of("ACCEPTED@100", "DONE@130"),
                events(history(List.of(send), List.of(storedAccepted, storedDone))));
    }

    @Test
    void aKindThatRecordsItsFirstEventGetsNoneReadOffItsRow() {
        Sample job = new Sample(100, null);
        TaskEvent scheduled = new TaskEvent(job, "SCHEDULED", "Job check", 100);
        job.finish(TaskState.DONE, 200);
        assertEquals(List.of("SCHEDULED@100", "DONE@200"), events(history(List.of(job), List.of(scheduled))));
    }
}
